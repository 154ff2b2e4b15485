using System.Runtime.CompilerServices;
using System.Numerics;

namespace Arcanum.Core.Privacy;

/// <summary>
/// The numerical core of the PRV accountant (Gopi, Lee &amp; Wutschitz 2021): pick a domain wide
/// enough that the mass it cuts off costs at most a fraction of δ_error, discretise each step's PRV
/// on one shared mesh, compose every step at once as a product of Fourier transforms (a circular
/// convolution on the mesh), and read ε off the composed distribution. The answer is the upper
/// bound ε(δ − δ_error) + ε_error, the number Opacus' <c>PRVAccountant.get_epsilon</c> returns.
/// </summary>
internal static class PrvComposition
{
    // 2^24 points is 256 MiB of complex numbers; past that the caller should accept a larger ε error.
    private const int MaxMeshPoints = 1 << 24;

    /// <summary>Upper bound on ε at <paramref name="delta"/> for the composed history.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double UpperEpsilon(
        IReadOnlyCollection<(double Sigma, double Q, long Steps)> history, double delta, double epsilonError,
            double deltaError)
    {
        var active = history.Where(h => h.Steps > 0 && h.Q > 0).ToArray();
        if (active.Length == 0) return 0; // nothing touched the data: exactly (0, 0)-DP
        if (!(deltaError > 0 && deltaError < delta))
            throw new ArgumentOutOfRangeException(nameof(deltaError), $"δ_error must be in (0, δ); got {deltaError} " +
                $"for δ = {delta}.");

        long totalSteps = 0;
        foreach (var entry in active) totalSteps = checked(totalSteps + entry.Steps);

        var halfWidth = DomainHalfWidth(active, totalSteps, epsilonError, deltaError);
        // The mesh of the paper's error analysis (as in Opacus); a power-of-two count only makes it finer.
        var targetMesh = epsilonError / Math.Sqrt(totalSteps * Math.Log(12 / deltaError) / 2);
        var wanted = Math.Ceiling(2 * halfWidth / targetMesh);
        if (!(wanted <= MaxMeshPoints))
            throw new InvalidOperationException(
                $"PRV accounting of {totalSteps} steps at ε_error = {epsilonError} needs {wanted:G3} mesh points " +
                    $"(limit {MaxMeshPoints}); " +
                "allow a larger ε_error or use the RDP accountant.");
        var count = Math.Max(4, Fft.NextPowerOfTwo((long)wanted));
        var h = 2 * halfWidth / count;
        // Round-off in the FFT is about 1e-16 per point; it must stay far below the δ we resolve.
        if (count * 1e-16 * 100 > delta - deltaError)
            throw new InvalidOperationException(
                $"δ = {delta} is too small for a {count}-point PRV mesh: floating-point error would dominate. Use " +
                    $"the RDP accountant.");

        var start = -(count / 2) * h;
        var spectrum = new Complex[count];
        Array.Fill(spectrum, Complex.One);
        var totalShift = 0.0;
        var re = new double[count];
        var im = new double[count];
        foreach (var (sigma, q, steps) in active)
        {
            var pmf = SampledGaussianPrv.Discretise(sigma, q, start, h, count, out var shift);
            // Value index j = k − N/2 lives at position j mod N, so sums of indices wrap consistently.
            for (var k = 0; k < count; k++) re[(k + count / 2) % count] = pmf[k];
            Array.Clear(im);
            Fft.Forward(re, im);
            for (var k = 0; k < count; k++) spectrum[k] *= Complex.Pow(new Complex(re[k], im[k]), steps);
            totalShift += steps * shift;
        }
        for (var k = 0; k < count; k++) (re[k], im[k]) = (spectrum[k].Real, spectrum[k].Imaginary);
        Fft.Inverse(re, im);
        var composed = new double[count];
        for (var k = 0; k < count; k++) composed[k] = re[(k + count / 2) % count];

        var epsilon = EpsilonAt(composed, start + totalShift, h, delta - deltaError);
        return Math.Max(0, epsilon + epsilonError);
    }

    /// <summary>
    /// Half-width L of the domain [−L, L]: the RDP bound on ε of the whole history at δ_error/4 and
    /// of any single step at δ_error/(8T) (Gopi et al. Remark 5.6, as prv_accountant and Opacus
    /// compute it), then at least ε_error, plus 3.
    /// </summary>
    private static double DomainHalfWidth(
        IReadOnlyList<(double Sigma, double Q, long Steps)> history, long totalSteps, double epsilonError,
            double deltaError)
    {
        var orders = SampledGaussianRdp.DefaultOrders;
        var total = new double[orders.Count];
        var widest = 0.0;
        foreach (var (sigma, q, steps) in history)
        {
            var perStep = SampledGaussianRdp.Compute(sigma, q, orders);
            for (var k = 0; k < total.Length; k++) total[k] += perStep[k] * steps;
            widest = Math.Max(widest, RdpConversion.ToEpsilon(orders, perStep,
                deltaError / (8.0 * totalSteps)).Epsilon);
        }
        widest = Math.Max(widest, RdpConversion.ToEpsilon(orders, total, deltaError / 4).Epsilon);
        return Math.Max(widest, epsilonError) + 3;
    }

    /// <summary>
    /// The smallest ε with δ(ε) = Σ_{u_k &gt; ε} p_k·(1 − e^(ε − u_k)) ≤ <paramref name="targetDelta"/>
    /// for the distribution p on u_k = start + k·h. Between mesh points δ(ε) = D₁ − e^ε·D₂ with tail
    /// sums D₁ = Σ p_k, D₂ = Σ p_k·e^(−u_k), so ε is solved exactly there. The scan runs down from
    /// the top and stops at ε = 0: below it e^(−u) would magnify FFT round-off, and an ε ≤ 0 is
    /// reported as 0 anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double EpsilonAt(double[] pmf, double start, double h, double targetDelta)
    {
        double tailMass = 0, tailWeighted = 0;
        for (var k = pmf.Length - 1; k >= 0; k--)
        {
            var u = start + k * h;
            var deltaAtU = tailMass - Math.Exp(u) * tailWeighted;
            if (deltaAtU > targetDelta)
            {
                if (k == pmf.Length - 1)
                    throw new InvalidOperationException("ε lies beyond the PRV domain; this is a bug in the domain " +
                        "bound.");
                return Math.Log((tailMass - targetDelta) / tailWeighted);
            }
            if (u < 0) return 0;
            tailMass += pmf[k];
            tailWeighted += pmf[k] * Math.Exp(-u);
        }
        return 0;
    }
}
