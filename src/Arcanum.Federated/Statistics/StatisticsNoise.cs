namespace Arcanum.Federated.Statistics;

/// <summary>
/// Noise for one query: Laplace with scale <see cref="Scale"/>·Δ₁ or Gaussian with σ = <see cref="Scale"/>·Δ₂
/// for a measurement of sensitivity Δ. Drawn from a seeded <see cref="Random"/> so runs repeat; that is
/// not a cryptographic source and floating-point Laplace has known side channels (Mironov 2012), which
/// a production release should close with a secure sampler and snapping.
/// </summary>
internal sealed class StatisticsNoise(NoiseMechanism mechanism, double scale, Random random)
{
    public double Scale { get; } = scale;

    /// <summary>The value plus noise; one record moves it by at most <paramref name="sensitivity"/>.</summary>
    public double Add(double value, double sensitivity)
    {
        if (Scale == 0 || sensitivity == 0) return value;
        return value + (mechanism == NoiseMechanism.Laplace ? Laplace() : Gaussian()) * Scale * sensitivity;
    }

    /// <summary>Standard Laplace by inversion: −sign(u)·ln(1 − 2|u|), u uniform in (−½, ½).</summary>
    private double Laplace()
    {
        double u;
        do u = random.NextDouble() - 0.5; while (u == -0.5);
        return -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>Standard normal by Box–Muller.</summary>
    private double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
