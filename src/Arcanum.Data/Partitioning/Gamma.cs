namespace Arcanum.Data.Partitioning;

/// <summary>
/// Gamma, Dirichlet and standard normal draws on a seeded <see cref="Random"/> (Marsaglia and Tsang, 2000).
/// Public so that other projects reuse its normal sampler (client-level DP noise) instead of writing another.
/// </summary>
public static class Gamma
{
    /// <summary>A Gamma(shape, 1) draw; for shape &lt; 1 a Gamma(shape + 1) draw times U^(1/shape).</summary>
    public static double Sample(Random random, double shape)
    {
        if (!(shape > 0) || !double.IsFinite(shape)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "The Gamma shape must be positive.");
        if (shape < 1) return Sample(random, shape + 1) * Math.Pow(Uniform(random), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = Uniform(random);
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Proportions over <paramref name="count"/> parts drawn from a symmetric Dirichlet(alpha).</summary>
    public static double[] Dirichlet(Random random, int count, double alpha)
    {
        var p = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++) sum += p[i] = Sample(random, alpha);
        if (sum > 0)
        {
            for (var i = 0; i < count; i++) p[i] /= sum;
        }
        else
        {
            // With a tiny alpha every draw can underflow to 0; the limit is all mass on one part.
            p[random.Next(count)] = 1;
        }
        return p;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(Uniform(random))) * Math.Cos(2 * Math.PI * random.NextDouble());

    // In (0, 1]: never 0, so logarithms and powers stay finite.
    private static double Uniform(Random random) => 1 - random.NextDouble();
}
