namespace Arcanum.Cases.Simulation;

/// <summary>Walker's alias method: draws an index with probability proportional to its weight in constant time.</summary>
internal sealed class AliasTable
{
    private readonly double[] threshold;
    private readonly int[] alias;

    /// <param name="weights">Non-negative, with a positive sum.</param>
    public AliasTable(IReadOnlyList<double> weights)
    {
        var n = weights.Count;
        var total = weights.Sum();
        threshold = new double[n];
        alias = new int[n];
        var scaled = weights.Select(w => w * n / total).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--) (scaled[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            threshold[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }
        // Left-overs are 1 up to rounding; one with no weight of its own must still never be drawn.
        var someDrawable = Enumerable.Range(0, n).First(i => weights[i] > 0);
        foreach (var i in large.Concat(small))
        {
            threshold[i] = weights[i] > 0 ? 1 : 0;
            alias[i] = weights[i] > 0 ? i : someDrawable;
        }
    }

    public int Sample(ref Xoshiro random)
    {
        var u = random.NextDouble() * threshold.Length;
        var i = Math.Min((int)u, threshold.Length - 1);
        return u - i < threshold[i] ? i : alias[i];
    }
}
