using Arcanum.Core.Weights;
using Arcanum.Data.Partitioning;

namespace Arcanum.Federated.Privacy;

/// <summary>
/// The arithmetic of client-level DP-FedAvg as pure functions on <see cref="ModelWeights"/>. The
/// guarantee holds only if the server sums the <b>clipped</b> updates with equal weight (not by
/// example count) and divides by a fixed expected number of sites, never by how many reported:
/// then one site changes the sum by at most C, and N(0, (σC)²) noise hides it.
/// </summary>
public static class ClientDp
{
    /// <summary>The L2 norm over every value of every array, accumulated in double.</summary>
    public static double GlobalNorm(ModelWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = 0.0;
        foreach (var array in weights.Arrays)
            foreach (var v in array.Data) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales <paramref name="update"/> in place to global L2 norm at most <paramref name="clipNorm"/>.
    /// A non-finite update is refused: it cannot be clipped, and passing it on would break the bound.
    /// </summary>
    public static ClipOutcome Clip(ModelWeights update, double clipNorm)
    {
        ArgumentNullException.ThrowIfNull(update);
        RequirePositive(clipNorm, nameof(clipNorm));
        var norm = GlobalNorm(update);
        if (!double.IsFinite(norm))
            throw new ArgumentException("The update holds NaN or infinite values; it cannot be clipped, so it must " +
                "not be aggregated.", nameof(update));
        if (norm <= clipNorm) return new ClipOutcome(norm, Clipped: false);
        var scale = (float)(clipNorm / norm);
        foreach (var array in update.Arrays)
        {
            var data = array.Data;
            for (var i = 0; i < data.Length; i++) data[i] *= scale;
        }
        return new ClipOutcome(norm, Clipped: true);
    }

    /// <summary>Adds independent N(0, <paramref name="stddev"/>²) noise to every value, in place.</summary>
    public static void AddGaussianNoise(ModelWeights target, double stddev, Random random)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(random);
        RequirePositive(stddev, nameof(stddev));
        foreach (var array in target.Arrays)
        {
            var data = array.Data;
            for (var i = 0; i < data.Length; i++) data[i] += (float)(stddev * Gamma.Normal(random));
        }
    }

    /// <summary>The server's noise on the sum of clipped updates: N(0, (σ·C)²) per value, in place.</summary>
    public static void AddCentralNoise(ModelWeights sum, double noiseMultiplier, double clipNorm, Random random) =>
        AddGaussianNoise(sum, CentralNoiseStddev(noiseMultiplier, clipNorm), random);

    /// <summary>σ·C, the standard deviation of the central noise.</summary>
    public static double CentralNoiseStddev(double noiseMultiplier, double clipNorm)
    {
        RequirePositive(noiseMultiplier, nameof(noiseMultiplier));
        RequirePositive(clipNorm, nameof(clipNorm));
        return noiseMultiplier * clipNorm;
    }

    /// <summary>
    /// Under secure aggregation the server never sees one update, so each of the m expected sites adds
    /// its share N(0, σ²C²/m) and the sum carries N(0, σ²C²): this is that share's standard deviation σC/√m.
    /// </summary>
    public static double DistributedNoiseStddev(double noiseMultiplier, double clipNorm, int expectedSites)
    {
        RequireSites(expectedSites, nameof(expectedSites));
        return CentralNoiseStddev(noiseMultiplier, clipNorm) / Math.Sqrt(expectedSites);
    }

    /// <summary>Adds one site's share of the distributed noise (see <see cref="DistributedNoiseStddev"/>) to its
    /// clipped update.</summary>
    public static void AddDistributedNoiseShare(ModelWeights clippedUpdate, double noiseMultiplier, double clipNorm,
        int expectedSites, Random random) =>
        AddGaussianNoise(clippedUpdate, DistributedNoiseStddev(noiseMultiplier, clipNorm, expectedSites), random);

    /// <summary>
    /// The noise multiplier the sum really carries when only <paramref name="survivingSites"/> of the
    /// <paramref name="expectedSites"/> shares arrive: σ·√(s/m). A report must use this figure for the
    /// round, and the accountant must record it, or the dropout silently weakens the guarantee.
    /// </summary>
    public static double EffectiveNoiseMultiplier(double noiseMultiplier, int expectedSites, int survivingSites)
    {
        if (!(noiseMultiplier >= 0)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"The noise multiplier must be ≥ 0; got {noiseMultiplier}.");
        RequireSites(expectedSites, nameof(expectedSites));
        if (survivingSites < 1 || survivingSites > expectedSites)
            throw new ArgumentOutOfRangeException(nameof(survivingSites),
                $"Between 1 and {expectedSites} sites can survive a round; got {survivingSites}.");
        return noiseMultiplier * Math.Sqrt((double)survivingSites / expectedSites);
    }

    /// <summary>
    /// Under adaptive clipping the released count of unclipped sites costs privacy too; the update
    /// noise must then be σ_Δ = (σ⁻² − (2σ_b)⁻²)^(−1/2) so that both together are worth a Gaussian
    /// mechanism of multiplier σ (Andrew et al. 2021, Thm 1). Account with σ, add noise with σ_Δ.
    /// </summary>
    public static double UpdateNoiseMultiplier(double noiseMultiplier, double clippedCountStddev)
    {
        RequirePositive(noiseMultiplier, nameof(noiseMultiplier));
        RequirePositive(clippedCountStddev, nameof(clippedCountStddev));
        var rest = 1 / (noiseMultiplier * noiseMultiplier) - 1 / (4 * clippedCountStddev * clippedCountStddev);
        if (!(rest > 0))
            throw new ArgumentOutOfRangeException(nameof(clippedCountStddev),
                $"The clipped-count noise σ_b = {clippedCountStddev} must exceed σ/2 = {noiseMultiplier / 2}, or it " +
                    $"spends the whole budget.");
        return 1 / Math.Sqrt(rest);
    }

    /// <summary>
    /// b̃, the noised fraction of sites whose update was not clipped: each site reports b_i − ½ (so one
    /// site moves the sum by ½), the sum gets N(0, σ_b²), and it is divided by the expected number of sites.
    /// </summary>
    public static double NoisyUnclippedFraction(int unclippedSites, int reportingSites, double expectedSites,
        double clippedCountStddev, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (reportingSites < 0 || unclippedSites < 0 || unclippedSites > reportingSites)
            throw new ArgumentOutOfRangeException(nameof(unclippedSites),
                $"{unclippedSites} unclipped of {reportingSites} reporting sites is not a valid count.");
        RequirePositive(expectedSites, nameof(expectedSites));
        RequirePositive(clippedCountStddev, nameof(clippedCountStddev));
        var centred = unclippedSites - 0.5 * reportingSites + clippedCountStddev * Gamma.Normal(random);
        return centred / expectedSites + 0.5;
    }

    /// <summary>
    /// The geometric clip update of Andrew et al.: C ← C·exp(−η(b̃ − γ)). Too many unclipped sites
    /// (b̃ &gt; γ) shrink C, too few grow it, so C tracks the γ-quantile of the update norms.
    /// </summary>
    public static double NextClipNorm(double clipNorm, double noisyUnclippedFraction, double targetQuantile,
        double learningRate)
    {
        RequirePositive(clipNorm, nameof(clipNorm));
        RequirePositive(learningRate, nameof(learningRate));
        if (!double.IsFinite(noisyUnclippedFraction))
            throw new ArgumentOutOfRangeException(nameof(noisyUnclippedFraction), $"The unclipped fraction must be " +
                $"finite; got {noisyUnclippedFraction}.");
        if (!(targetQuantile > 0 && targetQuantile < 1))
            throw new ArgumentOutOfRangeException(nameof(targetQuantile), $"The target quantile must be in (0, 1); " +
                $"got {targetQuantile}.");
        return clipNorm * Math.Exp(-learningRate * (noisyUnclippedFraction - targetQuantile));
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, $"{name} must be a positive finite number; got {value}.");
    }

    private static void RequireSites(int sites, string name)
    {
        if (sites < 1) throw new ArgumentOutOfRangeException(name, $"{name} must be at least 1; got {sites}.");
    }
}
