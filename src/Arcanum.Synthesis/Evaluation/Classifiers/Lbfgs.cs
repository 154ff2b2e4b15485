namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such as
/// regularised logistic loss. Fully deterministic: no randomness, a fixed iteration cap.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Writes the gradient at <c>x</c> into <c>gradient</c> and returns the objective value.</summary>
    public delegate double Objective(double[] x, double[] gradient);

    /// <param name="objective">The function to minimise.</param>
    /// <param name="start">The starting point (not modified).</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="gradientTolerance">Converged when every gradient component is below this in absolute value.</param>
    /// <param name="memory">Correction pairs kept.</param>
    public static (double[] X, int Iterations, bool Converged) Minimize(Objective objective, double[] start, int maxIterations, double gradientTolerance = 1e-5, int memory = 10)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var fx = objective(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var alpha = new double[memory];
        var xNew = new double[n];
        var gNew = new double[n];
        var direction = new double[n];

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (MaxAbs(g) < gradientTolerance) return (x, iteration, true);

            // Two-loop recursion: direction = -H·g.
            Array.Copy(g, direction, n);
            for (var i = s.Count - 1; i >= 0; i--)
            {
                alpha[i] = rho[i] * Dot(s[i], direction);
                Axpy(-alpha[i], y[i], direction);
            }
            var gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1 / Math.Max(1, Math.Sqrt(Dot(g, g)));
            for (var k = 0; k < n; k++) direction[k] *= gamma;
            for (var i = 0; i < s.Count; i++)
            {
                var beta = rho[i] * Dot(y[i], direction);
                Axpy(alpha[i] - beta, s[i], direction);
            }
            for (var k = 0; k < n; k++) direction[k] = -direction[k];
            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear(); y.Clear(); rho.Clear();
                for (var k = 0; k < n; k++) direction[k] = -g[k] / Math.Max(1, Math.Sqrt(Dot(g, g)));
                slope = Dot(g, direction);
            }

            var step = 1.0;
            double fNew = double.NaN;
            var accepted = false;
            for (var tries = 0; tries < 50; tries++)
            {
                for (var k = 0; k < n; k++) xNew[k] = x[k] + step * direction[k];
                fNew = objective(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= fx + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) return (x, iteration, false);

            var sk = new double[n];
            var yk = new double[n];
            for (var k = 0; k < n; k++)
            {
                sk[k] = xNew[k] - x[k];
                yk[k] = gNew[k] - g[k];
            }
            var sy = Dot(sk, yk);
            if (sy > 1e-12)
            {
                if (s.Count == memory)
                {
                    s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0);
                }
                s.Add(sk); y.Add(yk); rho.Add(1 / sy);
            }
            var decrease = fx - fNew;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            fx = fNew;
            if (decrease <= 1e-12 * Math.Max(1, Math.Abs(fx))) return (x, iteration + 1, true);
        }
        return (x, maxIterations, MaxAbs(g) < gradientTolerance);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] values)
    {
        double max = 0;
        foreach (var v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
