namespace Arcanum.Risk;

/// <summary>
/// The slide negative binomial model (Chen and Keller-McNulty 1998, "Estimation of identification disclosure risk in
/// microdata", J. Official Statistics 14(1)), the third model of Dankar et al.'s decision rule. Each of the K
/// non-empty population classes has size F = 1 + G with G negative binomial (α, β), and each person is in the sample
/// with probability π. Derived here from the probability generating function: with d = (1 − π)(1 − β), D = 1 − d,
/// P(f = 1) = π (β/D)^α (1 + αd/D) and P(f = 2) = π²/2 · α (1 − β) (β/D)^α (2 − (1 − α) d) / D². (α, β) solve
/// K·P(f = 1) = c₁ and K·P(f = 2) = c₂, with K estimated by Shlosser's estimator (Haas and Stokes 1998); the
/// population uniques are K·P(F = 1) = K β^α. ARX's ModelSNB multiplies by D^(α+2) where P(f = 2) divides, so its
/// figures can differ from these; the tests check the model against samples drawn from it. Its weak point is K:
/// in a 20 % sample of a population whose classes held 3 people on average, Shlosser's estimate was 26 % high and
/// the uniques 2.5 times too many (with the true K, 10 % high).
/// </summary>
internal static class SnbModel
{
    private const int MaxIterations = 100;

    /// <returns>The estimated number of unique records in the population, or NaN when the equations have no
    /// solution (no classes of size 2, or Newton's method fails from every start).</returns>
    public static double PopulationUniques(IReadOnlyList<ClassSizeCount> histogram, double samplingFraction) =>
        PopulationUniques(histogram, samplingFraction, ShlosserClasses(histogram, samplingFraction));

    /// <summary>The same with the number of non-empty population classes given (tests know it).</summary>
    internal static double PopulationUniques(IReadOnlyList<ClassSizeCount> histogram, double samplingFraction, double k)
    {
        var c1 = histogram.Where(h => h.Size == 1).Sum(h => (double)h.Classes);
        var c2 = histogram.Where(h => h.Size == 2).Sum(h => (double)h.Classes);
        if (c1 == 0 || c2 == 0 || !(samplingFraction is > 0 and < 1)) return double.NaN;
        foreach (var (alpha0, beta0) in Starts)
        {
            if (Solve(k, samplingFraction, c1, c2, alpha0, beta0) is not { } fit) continue;
            var uniques = k * Math.Pow(fit.Beta, fit.Alpha);
            if (double.IsFinite(uniques) && uniques >= 0) return uniques;
        }
        return double.NaN;
    }

    /// <summary>Shlosser's estimate of the number of non-empty population classes from the sample's histogram.</summary>
    internal static double ShlosserClasses(IReadOnlyList<ClassSizeCount> histogram, double q)
    {
        double classes = 0, c1 = 0, a = 0, b = 0, c = 0, e = 0;
        foreach (var (size, count) in histogram)
        {
            classes += count;
            if (size == 1) c1 += count;
            var keep = Math.Pow(1 - q, size);
            a += size * q * q * Math.Pow(1 - q * q, size - 1) * count;
            b += (Math.Pow(1 - q * q, size) - keep) * count;
            c += keep * count;
            e += size * q * Math.Pow(1 - q, size - 1) * count;
        }
        return b > 0 && e > 0 ? classes + c1 * (a / b) * (c / e) * (c / e) : classes;
    }

    /// <summary>P(f = 1) and P(f = 2) for one population class under the model.</summary>
    internal static (double P1, double P2) SampleClassProbabilities(double alpha, double beta, double pi)
    {
        var d = (1 - pi) * (1 - beta);
        var big = 1 - d;
        var g = Math.Pow(beta / big, alpha);
        var p1 = pi * g * (1 + alpha * d / big);
        var p2 = pi * pi / 2 * alpha * (1 - beta) * g * (2 - (1 - alpha) * d) / (big * big);
        return (p1, p2);
    }

    private static readonly (double Alpha, double Beta)[] Starts =
        [(1, 0.5), (0.5, 0.2), (2, 0.8), (0.1, 0.05), (5, 0.5), (0.2, 0.9), (10, 0.95)];

    /// <summary>
    /// Newton's method on the log-equations in unconstrained coordinates (ln α, logit β), with a numerical Jacobian
    /// and step halving, so α stays positive and β inside (0, 1).
    /// </summary>
    private static (double Alpha, double Beta)? Solve(double k, double pi, double c1, double c2, double alpha, double beta)
    {
        var x = Math.Log(alpha);
        var y = Math.Log(beta / (1 - beta));
        var r = Residual(k, pi, c1, c2, x, y);
        for (var iteration = 0; iteration < MaxIterations && r is { } current; iteration++)
        {
            var size = Math.Abs(current.R1) + Math.Abs(current.R2);
            if (size < 1e-11) return (Math.Exp(x), Logistic(y));
            const double h = 1e-6;
            if (Residual(k, pi, c1, c2, x + h, y) is not { } dx || Residual(k, pi, c1, c2, x, y + h) is not { } dy)
                return null;
            double j11 = (dx.R1 - current.R1) / h, j21 = (dx.R2 - current.R2) / h;
            double j12 = (dy.R1 - current.R1) / h, j22 = (dy.R2 - current.R2) / h;
            var det = j11 * j22 - j12 * j21;
            if (!double.IsFinite(det) || Math.Abs(det) < 1e-300) return null;
            var stepX = (j22 * current.R1 - j12 * current.R2) / det;
            var stepY = (j11 * current.R2 - j21 * current.R1) / det;
            var scale = 1.0;
            (double R1, double R2)? next = null;
            for (; scale > 1e-8; scale /= 2)
            {
                next = Residual(k, pi, c1, c2, x - scale * stepX, y - scale * stepY);
                if (next is { } n && Math.Abs(n.R1) + Math.Abs(n.R2) < size) break;
            }
            if (scale <= 1e-8) return null;
            x -= scale * stepX;
            y -= scale * stepY;
            r = next;
        }
        return null;
    }

    private static (double R1, double R2)? Residual(double k, double pi, double c1, double c2, double x, double y)
    {
        var alpha = Math.Exp(x);
        var beta = Logistic(y);
        if (!(alpha > 0 && beta is > 0 and < 1 && double.IsFinite(alpha))) return null;
        var (p1, p2) = SampleClassProbabilities(alpha, beta, pi);
        if (!(p1 > 0 && p2 > 0)) return null;
        return (Math.Log(k * p1 / c1), Math.Log(k * p2 / c2));
    }

    private static double Logistic(double y) => 1 / (1 + Math.Exp(-y));
}
