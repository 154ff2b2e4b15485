using Arcanum.Federated.Simulation;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// What a generator folder says about its generator (<c>model.json</c>, beside <see cref="MaskImageGenerator.WeightsFile"/>):
/// how it was trained and on which patients, so that evaluation can score it on patients it never saw.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Size">Image side in pixels.</param>
/// <param name="Options">The training options.</param>
/// <param name="Data">The folder trained on, as given.</param>
/// <param name="Sites">The sites that trained (one for central training; each hospital for AsynDGAN).</param>
/// <param name="TrainingPatients">"site/patient" of every patient whose slices trained the generator.</param>
/// <param name="HeldOutPatients">"site/patient" of the patients kept out for evaluation.</param>
/// <param name="TrainingSlices">Slices trained on (those with a brain outline).</param>
/// <param name="Epochs">Per-epoch losses and traffic.</param>
/// <param name="Seconds">Training time.</param>
/// <param name="Device">The device trained on.</param>
public sealed record GeneratorCard(
    string Format, int Size, MaskGanOptions Options, string Data, IReadOnlyList<string> Sites,
    IReadOnlyList<string> TrainingPatients, IReadOnlyList<string> HeldOutPatients, int TrainingSlices,
    IReadOnlyList<GanEpoch> Epochs, double Seconds, string Device)
{
    public const string FileName = "model.json";
    public const string FormatName = "arcanum-mask-image-generator-1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="InvalidDataException">The folder has no readable card.</exception>
    public static GeneratorCard Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"'{directory}' holds no {FileName}; is it the output of 'arcanum images synth fit'?");
        GeneratorCard? card;
        try
        {
            card = JsonSerializer.Deserialize<GeneratorCard>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid: {e.Message}", e);
        }
        if (card is null || card.Format != FormatName)
            throw new InvalidDataException($"{path} is not an Arcanum generator card (format '{card?.Format}', expected '{FormatName}').");
        return card;
    }
}
