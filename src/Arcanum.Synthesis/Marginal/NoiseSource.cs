using Arcanum.Core.Privacy;
using Arcanum.Synthesis.Copula;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Where the privacy noise of a marginal fit comes from. By default the operating system's CSPRNG: a
/// <c>new Random(seed)</c> has at most 2^31 states, few enough for anyone holding the model to try every seed,
/// regenerate the noise and subtract it. A seeded source is for tests and benchmarks that must repeat.
/// </summary>
internal static class NoiseSource
{
    public static Random Create(int? seed) => seed is { } s ? new Random(s) : new CryptoRandom();

    /// <summary>A normal draw with standard deviation <paramref name="sigma"/>.</summary>
    public static double Gaussian(this Random random, double sigma) => sigma * random.NextNormal();

    /// <summary>A standard Gumbel draw, for the exponential mechanism by the Gumbel-max trick.</summary>
    public static double Gumbel(this Random random) => -Math.Log(-Math.Log(random.OpenUniform()));
}
