using System.Runtime.CompilerServices;

namespace Arcanum.Synthesis.Copula;

/// <summary>
/// Exact draws from a normal distribution restricted to a union of intervals, by inversion of the CDF.
/// An interval above the mean is mirrored below it first, so both ends are lower-tail probabilities that
/// Φ gives to full relative precision; that keeps draws exact deep in either tail (a rare level can sit
/// five or more standard deviations out).
/// </summary>
internal static class TruncatedNormal
{
    /// <summary>A draw from N(mean, sd²) restricted to <paramref name="set"/> (sorted, disjoint, non-empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sample(double mean, double sd, Interval[] set, Random random)
    {
        if (set.Length == 1) return mean + sd * Standard((set[0].Lower - mean) / sd, (set[0].Upper - mean) / sd, random);
        var masses = new double[set.Length];
        var total = 0.0;
        for (var k = 0; k < set.Length; k++)
        {
            masses[k] = Mass((set[k].Lower - mean) / sd, (set[k].Upper - mean) / sd);
            total += masses[k];
        }
        int chosen;
        if (total > 0 && double.IsFinite(total))
        {
            var u = random.OpenUniform() * total;
            chosen = set.Length - 1;
            for (var k = 0; k < set.Length; k++)
            {
                u -= masses[k];
                if (u < 0) { chosen = k; break; }
            }
            while (masses[chosen] == 0) chosen--;
        }
        else
        {
            // Every piece is beyond the range of Φ: the mass is overwhelmingly in the piece nearest the mean.
            chosen = 0;
            for (var k = 1; k < set.Length; k++)
            {
                if (Distance(set[k], mean) < Distance(set[chosen], mean)) chosen = k;
            }
        }
        return mean + sd * Standard((set[chosen].Lower - mean) / sd, (set[chosen].Upper - mean) / sd, random);
    }

    /// <summary>A standard normal draw restricted to [a, b].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Standard(double a, double b, Random random)
    {
        if (!(a < b)) return a;
        if (a > 0) return -Standard(-b, -a, random);
        var pa = NormalDistribution.Cdf(a);
        var pb = NormalDistribution.Cdf(b);
        if (pb > pa)
        {
            var x = NormalDistribution.Quantile(pa + random.OpenUniform() * (pb - pa));
            return Math.Clamp(x, a, b);
        }
        // b is so far below 0 that Φ underflows: the truncated density is ≈ |b|·exp(|b|(x − b)), an exponential from b down.
        var below = b + Math.Log(random.OpenUniform()) / -b;
        return Math.Max(a, below);
    }

    /// <summary>P(a ≤ Z ≤ b) for standard normal Z, taken from the tail the interval is in.</summary>
    public static double Mass(double a, double b)
    {
        if (!(a < b)) return 0;
        if (a >= 0) return NormalDistribution.Cdf(-a) - NormalDistribution.Cdf(-b);
        if (b <= 0) return NormalDistribution.Cdf(b) - NormalDistribution.Cdf(a);
        return 1 - NormalDistribution.Cdf(a) - NormalDistribution.Cdf(-b);
    }

    private static double Distance(Interval interval, double x) =>
        x < interval.Lower ? interval.Lower - x : x > interval.Upper ? x - interval.Upper : 0;
}
