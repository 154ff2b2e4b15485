namespace Arcanum.Torch.Imaging;

/// <summary>
/// How a mask-conditioned image GAN is trained. The defaults are pix2pix's (Adam 2e-4, β1 0.5, L1 weight
/// 100, 70×70 patches, learning rate constant for the first half of the epochs then decaying linearly to
/// 0) with widths cut down so that 64×64 training runs on two CPU cores.
/// </summary>
public sealed record MaskGanOptions
{
    /// <summary>The generator U-Net's level widths, top to bottom (multiples of 8).</summary>
    public int[] GeneratorWidths { get; init; } = [32, 64, 128, 256];

    /// <summary>The discriminator's first width (multiple of 8), doubled per layer.</summary>
    public int DiscriminatorWidth { get; init; } = 32;

    /// <summary>Stride-2 layers of the discriminator; 3 gives 70×70 patches.</summary>
    public int DiscriminatorLayers { get; init; } = 3;

    public int Epochs { get; init; } = 20;

    /// <summary>Images per step and site.</summary>
    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 2e-4;

    public double Beta1 { get; init; } = 0.5;

    /// <summary>λ of the L1 term (pix2pix: 100); the adversarial term has weight 1.</summary>
    public double L1Weight { get; init; } = 100;

    public int Seed { get; init; }

    /// <summary>Simulated faults: the chance that a site misses a step (it is skipped, and the step uses the sites that
    /// answered, their weights renormalised). 0 in real use; the network has real ones.</summary>
    public double SiteDropout { get; init; }

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (GeneratorWidths is null || GeneratorWidths.Length < 2 || GeneratorWidths.Any(w => w <= 0 || w % 8 != 0))
            throw new ArgumentException($"The generator's widths must be at least two multiples of 8 (e.g. 32,64,128,256); got [{string.Join(",", GeneratorWidths ?? [])}].");
        if (DiscriminatorWidth <= 0 || DiscriminatorWidth % 8 != 0)
            throw new ArgumentException($"The discriminator's width must be a positive multiple of 8; got {DiscriminatorWidth}.");
        if (DiscriminatorLayers is < 1 or > 5) throw new ArgumentException($"The discriminator's layers must be 1 to 5; got {DiscriminatorLayers}.");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"The batch size must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"The learning rate must be positive; got {LearningRate}.");
        if (Beta1 is < 0 or >= 1) throw new ArgumentException($"β1 must be in [0, 1); got {Beta1}.");
        if (SiteDropout is < 0 or >= 1 || double.IsNaN(SiteDropout)) throw new ArgumentException($"The site dropout must be in [0, 1); got {SiteDropout}.");
        if (!(L1Weight >= 0) || !double.IsFinite(L1Weight)) throw new ArgumentException($"The L1 weight must be 0 or more; got {L1Weight}.");
    }
}
