namespace Arcanum.Risk;

/// <summary>
/// The ordered-distance Earth Mover's Distance of Li et al. (ICDE 2007) between a class and the whole table over m
/// sorted values: Σ over i &lt; m−1 of |P(i) − Q(i)|, divided by m − 1, with P and Q the cumulative shares up to value
/// i.
/// A class's P is a step function that moves only at its own values, and Q rises monotonically, so each step's
/// stretch splits where Q crosses P (a binary search) and is summed with prefix sums of Q: O(d log m) for a class
/// with d distinct values instead of O(m).
/// </summary>
internal sealed class OrderedDistance
{
    private readonly double[] _cumulative;
    private readonly double[] _prefix;

    /// <param name="overall">The table's share of each value, in value order.</param>
    public OrderedDistance(double[] overall)
    {
        _cumulative = new double[overall.Length];
        _prefix = new double[overall.Length + 1];
        var q = 0.0;
        for (var i = 0; i < overall.Length; i++)
        {
            q += overall[i];
            _cumulative[i] = q;
            _prefix[i + 1] = _prefix[i] + q;
        }
    }

    /// <param name="run">The class's distinct values (ascending) and their counts.</param>
    /// <param name="size">The class's records.</param>
    public double Of(IReadOnlyList<(int Value, int Count)> run, int size)
    {
        var m = _cumulative.Length;
        if (m < 2) return 0;
        double sum = 0, p = 0;
        var from = 0;
        for (var k = 0; k <= run.Count; k++)
        {
            var to = k < run.Count ? run[k].Value : m - 1;
            sum += Stretch(from, Math.Min(to, m - 1), p);
            if (k < run.Count) p += (double)run[k].Count / size;
            from = to;
        }
        return sum / (m - 1);
    }

    /// <summary>Σ |p − Q(i)| for i in [from, to).</summary>
    private double Stretch(int from, int to, double p)
    {
        if (to <= from) return 0;
        var split = Array.BinarySearch(_cumulative, from, to - from, p);
        if (split < 0) split = ~split;
        else while (split > from && _cumulative[split - 1] >= p) split--;
        var below = p * (split - from) - (_prefix[split] - _prefix[from]);
        var above = (_prefix[to] - _prefix[split]) - p * (to - split);
        return below + above;
    }
}
