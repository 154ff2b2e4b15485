using System.Runtime.CompilerServices;

namespace Arcanum.Core.Privacy;

/// <summary>
/// The privacy random variable (PRV) of one Poisson-subsampled Gaussian step, after Gopi, Lee &amp;
/// Wutschitz 2021 (arXiv:2106.02848) and as Opacus' PRV accountant models it: with the record the
/// output is ω ~ (1−q)·N(0, σ²) + q·N(1, σ²), without it ω ~ N(0, σ²), and the PRV is the privacy
/// loss Y = ln(1 − q + q·e^((2ω − 1)/(2σ²))) with ω drawn from the first. Then
/// δ(ε) = E[(1 − e^(ε − Y))₊], and composing steps adds independent PRVs.
/// </summary>
internal static class SampledGaussianPrv
{
    private static readonly double InvSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>
    /// P(Y ≤ t) and P(Y &gt; t), each computed directly rather than as 1 minus the other, so both keep
    /// full relative precision in their tails. With e^z = (e^t − 1 + q)/q, Y ≤ t exactly when
    /// ω ≤ σ²z + ½, which under the mixture has probability (1−q)·Φ(σz + 1/(2σ)) + q·Φ(σz − 1/(2σ)).
    /// </summary>
    public static (double Cdf, double Survival) Tails(double sigma, double q, double t)
    {
        var shifted = t < 30 ? LogSpace.ExpM1(t) + q : double.NaN;
        if (t < 30 && !(shifted > 0)) return (0, 1); // Y ≥ ln(1 − q) always
        var z = t < 30 ? Math.Log(shifted) - Math.Log(q) : t + LogSpace.Log1P(-(1 - q) * Math.Exp(-t)) - Math.Log(q);
        var (cdf0, surv0) = NormalTails(sigma * z + 0.5 / sigma);
        var (cdf1, surv1) = NormalTails(sigma * z - 0.5 / sigma);
        return ((1 - q) * cdf0 + q * cdf1, (1 - q) * surv0 + q * surv1);
    }

    /// <summary>
    /// The PRV truncated to the bins [v_k − h/2, v_k + h/2) around v_k = start + k·h and
    /// discretised: each bin's probability placed on its centre, normalised to sum to 1. The
    /// continuous truncated mean is kept by returning a <paramref name="shift"/> to add to every
    /// v_k (below h/2 in size); without it the rounding to bin centres would bias every step the
    /// same way and the bias would grow with the number of steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Discretise(double sigma, double q, double start, double h, int count, out double shift)
    {
        if (count < 4 || count % 4 != 0) throw new ArgumentException($"The mesh needs a multiple of 4 points; got " +
            $"{count}.", nameof(count));
        var edges = count + 1;
        var cdf = new double[edges];
        var survival = new double[edges];
        for (var k = 0; k < edges; k++) (cdf[k], survival[k]) = Tails(sigma, q, Edge(start, h, k));

        var pmf = new double[count];
        double mass = 0, discreteMoment = 0;
        for (var k = 0; k < count; k++)
        {
            // The difference of whichever tail is small keeps its digits.
            var p = survival[k] <= 0.5 ? survival[k] - survival[k + 1] : cdf[k + 1] - cdf[k];
            pmf[k] = p;
            mass += p;
            discreteMoment += (start + k * h) * p;
        }
        if (!(mass > 0)) throw new InvalidOperationException($"The PRV of σ = {sigma}, q = {q} has no mass on the " +
            $"mesh.");
        for (var k = 0; k < count; k++) pmf[k] /= mass;

        var continuousMean = TruncatedMoment(cdf, survival, start, h) / mass;
        shift = continuousMean - discreteMoment / mass;
        if (!(Math.Abs(shift) < h / 2))
            throw new InvalidOperationException(
                $"The discretised PRV of σ = {sigma}, q = {q} is off its continuous mean by {shift:G3}, more than " +
                    $"half a mesh step " +
                $"({h / 2:G3}); the PRV accountant cannot bound ε here. Use the RDP accountant.");
        return pmf;
    }

    private static double Edge(double start, double h, int k) => start + (k - 0.5) * h;

    /// <summary>
    /// ∫ t·f(t) dt over the mesh by parts, split at the middle edge c (within h/2 of 0):
    /// c − a·F(a) − b·S(b) − ∫_a^c F + ∫_c^b S. Integrating the small tail on each side avoids
    /// cancelling two numbers of size L, and Simpson's rule on the (smooth) tails is exact to far
    /// below what thousands of compositions could notice.
    /// </summary>
    private static double TruncatedMoment(double[] cdf, double[] survival, double start, double h)
    {
        var last = cdf.Length - 1;
        var middle = last / 2;
        var a = Edge(start, h, 0);
        var c = Edge(start, h, middle);
        var b = Edge(start, h, last);
        return c - a * cdf[0] - b * survival[last] - Simpson(cdf, 0, middle, h) + Simpson(survival, middle, last, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Simpson(double[] y, int from, int to, double h)
    {
        var sum = y[from] + y[to];
        for (var k = from + 1; k < to; k++) sum += ((k - from) % 2 == 1 ? 4 : 2) * y[k];
        return sum * h / 3;
    }

    /// <summary>(Φ(x), 1 − Φ(x)) from one erfc evaluation; the larger one is 1 minus the smaller.</summary>
    private static (double Cdf, double Survival) NormalTails(double x)
    {
        var small = 0.5 * ErrorFunction.Erfc(Math.Abs(x) * InvSqrt2);
        return x >= 0 ? (1 - small, small) : (small, 1 - small);
    }
}
