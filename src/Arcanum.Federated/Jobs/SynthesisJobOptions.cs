namespace Arcanum.Federated.Jobs;

/// <summary>
/// An image-synthesis job's generator and discriminators (<c>"task": "image_synthesis"</c>, <c>"synthesis": { ... }</c>):
/// AsynDGAN's mask-conditioned generator at the server and a PatchGAN discriminator at each site. The defaults are those
/// of <c>arcanum images synth fit</c> (pix2pix's Adam 2e-4, β1 0.5, L1 weight 100, widths cut down for 64×64 on two cores),
/// so a job file and the command line train the same model. The job's <c>rounds</c> are the epochs and <c>image_size</c>
/// the side (64 when not given); the table settings (model, lr, batch_size, local_epochs, weight_decay) are refused when set.
/// </summary>
public sealed record SynthesisJobOptions
{
    /// <summary>The generator U-Net's level widths, top to bottom (multiples of 8).</summary>
    public int[] GeneratorWidths { get; init; } = [32, 64, 128, 256];

    /// <summary>The discriminator's first width (multiple of 8), doubled per layer.</summary>
    public int DiscriminatorWidth { get; init; } = 32;

    /// <summary>Stride-2 layers of each site's discriminator; 3 gives 70×70 patches.</summary>
    public int DiscriminatorLayers { get; init; } = 3;

    /// <summary>Images per step and site.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's rate for the generator and every discriminator: constant for the first half of the epochs, then linear to 0.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 2e-4;

    public double Beta1 { get; init; } = 0.5;

    /// <summary>λ of the L1 term; the adversarial term has weight 1.</summary>
    public double L1Weight { get; init; } = 100;

    /// <summary>The image side when the job names no image_size.</summary>
    public const int DefaultImageSize = 64;

    /// <summary>Every problem, in the job file's terms ("synthesis.lr ..."); empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (GeneratorWidths is null || GeneratorWidths.Length < 2 || GeneratorWidths.Any(w => w <= 0 || w % 8 != 0))
            yield return $"synthesis.generator_widths must be at least two multiples of 8, e.g. [32, 64, 128, 256] (got [{string.Join(", ", GeneratorWidths ?? [])}]).";
        if (DiscriminatorWidth <= 0 || DiscriminatorWidth % 8 != 0) yield return $"synthesis.discriminator_width must be a positive multiple of 8 (got {DiscriminatorWidth}).";
        if (DiscriminatorLayers is < 1 or > 5) yield return $"synthesis.discriminator_layers must be 1 to 5 (got {DiscriminatorLayers}).";
        if (BatchSize < 1) yield return $"synthesis.batch_size must be at least 1 (got {BatchSize}).";
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) yield return $"synthesis.lr must be a positive number (got {LearningRate}).";
        if (Beta1 is < 0 or >= 1 || double.IsNaN(Beta1)) yield return $"synthesis.beta1 must be in [0, 1) (got {Beta1}).";
        if (!(L1Weight >= 0) || double.IsInfinity(L1Weight)) yield return $"synthesis.l1_weight must be 0 or more (got {L1Weight}).";
    }
}
