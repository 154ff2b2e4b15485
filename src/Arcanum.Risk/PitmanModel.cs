using MathNet.Numerics;

namespace Arcanum.Risk;

/// <summary>
/// Pitman's two-parameter sampling formula (Hoshino 2001, "Applying Pitman's sampling formula to microdata
/// disclosure risk assessment", J. Official Statistics 17(4)): fit θ and α by maximum likelihood to the observed
/// class-size histogram (Newton's method on the score equations), then the expected population uniques are
/// Γ(θ+1)/Γ(θ+α) · N^α. Suited to small sampling fractions, which is why Dankar's rule picks it at 10 % or less.
/// </summary>
internal static class PitmanModel
{
    private const int MaxIterations = 200;

    /// <returns>The estimated number of unique records in the population, or NaN when the fit does not
    /// converge.</returns>
    public static double PopulationUniques(
        IReadOnlyList<ClassSizeCount> histogram, double sampleSize, double populationSize)
    {
        if (Fit(histogram, sampleSize) is not { } fit) return double.NaN;
        var (theta, alpha) = fit;
        var logUniques = SpecialFunctions.GammaLn(theta + 1) - SpecialFunctions.GammaLn(theta + alpha)
            + alpha * Math.Log(populationSize);
        var uniques = Math.Exp(logUniques);
        return double.IsFinite(uniques) && uniques >= 0 && uniques <= populationSize ? uniques : double.NaN;
    }

    /// <summary>The maximum-likelihood (θ, α), or null when Newton's method leaves the domain or does
    /// not converge.</summary>
    internal static (double Theta, double Alpha)? Fit(IReadOnlyList<ClassSizeCount> histogram, double n)
    {
        double u = histogram.Sum(h => (double)h.Classes);
        double c1 = histogram.Where(h => h.Size == 1).Sum(h => (double)h.Classes);
        double c2 = Math.Max(1, histogram.Where(h => h.Size == 2).Sum(h => (double)h.Classes));
        if (c1 == 0 || u < 2) return null;
        // Hoshino's moment-based starting point.
        var c = c1 * (c1 - 1) / c2;
        var theta = (n * u * c - c1 * (n - 1) * (2 * u + c)) / (2 * c1 * u + c1 * c - n * c);
        var alpha = (theta * (c1 - n) + (n - 1) * c1) / (n * u);
        if (!Valid(theta, alpha, u)) (theta, alpha) = (1, 0.5);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (g1, g2, h11, h12, h22) = Score(histogram, u, n, theta, alpha);
            var det = h11 * h22 - h12 * h12;
            if (!double.IsFinite(det) || det == 0) return null;
            var dTheta = (h22 * g1 - h12 * g2) / det;
            var dAlpha = (h11 * g2 - h12 * g1) / det;
            var step = 1.0;
            while (!Valid(theta - step * dTheta, alpha - step * dAlpha, u) && step > 1e-6) step /= 2;
            if (!Valid(theta - step * dTheta, alpha - step * dAlpha, u)) return null;
            theta -= step * dTheta;
            alpha -= step * dAlpha;
            var converged = Math.Abs(step * dTheta) <= 1e-10 * Math.Max(1, Math.Abs(theta))
                && Math.Abs(step * dAlpha) <= 1e-12;
            if (converged) return (theta, alpha);
        }
        return null;
    }

    /// <summary>
    /// Inside the likelihood's domain: α &lt; 1 and every θ + iα (i &lt; classes) and θ + 1 positive. α may be
    /// negative (Pitman's formula then describes a finite number of population classes, which uniform-looking data fit).
    /// </summary>
    private static bool Valid(double theta, double alpha, double classes) =>
        double.IsFinite(theta) && double.IsFinite(alpha) && alpha < 1 && alpha != 0
        && theta + alpha > 0 && theta + (classes - 1) * alpha > 0 && theta > -1;

    /// <summary>The score (gradient of the log-likelihood) and its Hessian at (θ, α).</summary>
    private static (double G1, double G2, double H11, double H12, double H22) Score(
        IReadOnlyList<ClassSizeCount> histogram, double u, double n, double theta, double alpha)
    {
        double g1 = 0, g2 = 0, h11 = 0, h12 = 0, h22 = 0;
        for (var i = 1; i < u; i++)
        {
            var d = theta + i * alpha;
            g1 += 1 / d;
            g2 += i / d;
            h11 -= 1 / (d * d);
            h12 -= i / (d * d);
            h22 -= (double)i * i / (d * d);
        }
        for (var i = 1; i < n; i++)
        {
            var d = theta + i;
            g1 -= 1 / d;
            h11 += 1 / (d * d);
        }
        foreach (var h in histogram)
        {
            double s1 = 0, s2 = 0;
            for (var l = 1; l < h.Size; l++)
            {
                var d = l - alpha;
                s1 += 1 / d;
                s2 += 1 / (d * d);
            }
            g2 -= h.Classes * s1;
            h22 -= h.Classes * s2;
        }
        return (g1, g2, h11, h12, h22);
    }
}
