namespace Arcanum.Federated.Simulation;

/// <summary>
/// Percentile bootstrap intervals of the headline metric over held-out rows: resample the rows with
/// replacement, recompute, take the 2.5th and 97.5th percentiles. Seeded: same seed, same interval.
/// Small held-out sets give wide intervals; that is the point of showing them.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 1000;

    /// <summary>AUROC of <paramref name="scores"/> (p(positive)) against <paramref name="labels"/> (1 positive); null when a class is absent.</summary>
    public static MetricInterval? Auroc(IReadOnlyList<int> labels, IReadOnlyList<double> scores, int seed, int resamples = DefaultResamples)
    {
        var n = labels.Count;
        if (n == 0 || labels.All(y => y == 1) || labels.All(y => y != 1)) return null;
        var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        var random = new Random(seed);
        var weights = new int[n];
        var values = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(weights);
            for (var k = 0; k < n; k++) weights[random.Next(n)]++;
            if (WeightedAuroc(labels, scores, order, weights) is { } auc) values.Add(auc);
        }
        return Interval("auroc", values, resamples);
    }

    /// <summary>Share of rows where <paramref name="correct"/> is true.</summary>
    public static MetricInterval? Accuracy(IReadOnlyList<bool> correct, int seed, int resamples = DefaultResamples)
    {
        var n = correct.Count;
        if (n == 0) return null;
        var random = new Random(seed);
        var values = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            var hits = 0;
            for (var k = 0; k < n; k++) hits += correct[random.Next(n)] ? 1 : 0;
            values.Add(hits / (double)n);
        }
        return Interval("accuracy", values, resamples);
    }

    /// <summary>The mean of <paramref name="values"/> (e.g. each patient's Dice), resampling the values.</summary>
    public static MetricInterval? Mean(string metric, IReadOnlyList<double> values, int seed, int resamples = DefaultResamples)
    {
        var n = values.Count;
        if (n == 0) return null;
        var random = new Random(seed);
        var means = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (var k = 0; k < n; k++) sum += values[random.Next(n)];
            means.Add(sum / n);
        }
        return Interval(metric, means, resamples);
    }

    /// <summary>Mann-Whitney AUROC with each row counted <paramref name="weights"/> times; ties count a half.</summary>
    internal static double? WeightedAuroc(IReadOnlyList<int> labels, IReadOnlyList<double> scores, int[] order, int[] weights)
    {
        double negativesBelow = 0, positives = 0, negatives = 0, pairs = 0;
        for (var g = 0; g < order.Length;)
        {
            var end = g;
            double groupPositives = 0, groupNegatives = 0;
            while (end < order.Length && scores[order[end]] == scores[order[g]])
            {
                var i = order[end++];
                if (labels[i] == 1) groupPositives += weights[i];
                else groupNegatives += weights[i];
            }
            pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
            negativesBelow += groupNegatives;
            positives += groupPositives;
            negatives += groupNegatives;
            g = end;
        }
        return positives > 0 && negatives > 0 ? pairs / (positives * negatives) : null;
    }

    private static MetricInterval? Interval(string metric, List<double> values, int resamples)
    {
        if (values.Count < resamples / 2) return null;
        values.Sort();
        double At(double q) => values[Math.Clamp((int)Math.Floor(q * (values.Count - 1) + 0.5), 0, values.Count - 1)];
        return new MetricInterval(metric, At(0.025), At(0.975), values.Count);
    }
}
