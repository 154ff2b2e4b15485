using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Data.Images;

/// <summary>
/// How a run's images were prepared, saved beside its model (encoding.json) so that images from
/// another hospital are prepared the same way before the model sees them: the side they were
/// resized to, their channel count, and the intensity normalisation fitted on the training sites.
/// </summary>
public sealed record ImagePreprocessing(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("normalisation")] IntensityNormalisation Normalisation)
{
    /// <summary>The <see cref="Kind"/> of an image preparation (a table's encoding.json has none).</summary>
    public const string ImageKind = "image";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>True when <paramref name="json"/> describes images rather than a table's feature encoding.</summary>
    public static bool IsImageJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == ImageKind;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">Not an image preparation, or damaged.</exception>
    public static ImagePreprocessing FromJson(string json)
    {
        ImagePreprocessing? p;
        try
        {
            p = JsonSerializer.Deserialize<ImagePreprocessing>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The image preparation is not valid JSON: {e.Message}", e);
        }
        if (p is null || p.Kind != ImageKind || p.Size < 1 || p.Channels < 1 || p.Normalisation?.Mean is null || p.Normalisation.Std is null
            || p.Normalisation.Mean.Length != p.Channels || p.Normalisation.Std.Length != p.Channels)
            throw new FormatException("The image preparation is incomplete: it needs kind \"image\", size, channels and a normalisation per channel.");
        return p;
    }
}
