namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// MST's choice of pairs (McKenna, Miklau and Sheldon 2021, section 4): a maximum spanning tree over the columns
/// whose edge weights are how badly the current model gets each pair wrong, the L1 distance between the pair's
/// true counts and the model's estimate, built like Kruskal's algorithm but with each edge picked by the
/// exponential mechanism among those that join two components. One row changes one count of a pair by 1 and
/// the model's estimate not at all (it is already private), so the weights have sensitivity 1.
/// </summary>
internal static class TreeSelection
{
    /// <summary>
    /// The L1 error of every pair (a &lt; b) under a model of independent columns with marginals
    /// <paramref name="marginals"/> scaled to <paramref name="total"/> rows.
    /// </summary>
    public static Dictionary<(int A, int B), double> Errors(int[][] cells, int[] sizes, double[][] marginals, double total)
    {
        var errors = new Dictionary<(int, int), double>();
        for (var a = 0; a < sizes.Length; a++)
        {
            for (var b = a + 1; b < sizes.Length; b++)
            {
                var counts = Contingency.Count(cells[a], sizes[a], cells[b], sizes[b]);
                var error = 0.0;
                for (var x = 0; x < sizes[a]; x++)
                {
                    for (var y = 0; y < sizes[b]; y++) error += Math.Abs(counts[x * sizes[b] + y] - total * marginals[a][x] * marginals[b][y]);
                }
                errors[(a, b)] = error;
            }
        }
        return errors;
    }

    /// <summary>
    /// The d − 1 edges of a spanning tree over <paramref name="columns"/> columns, each chosen by an
    /// <paramref name="epsilonPerEdge"/>-DP exponential mechanism on <paramref name="errors"/>.
    /// </summary>
    public static (int A, int B)[] Select(int columns, IReadOnlyDictionary<(int A, int B), double> errors, double epsilonPerEdge, Random noise)
    {
        var sets = new DisjointSets(columns);
        var chosen = new List<(int, int)>();
        var candidates = errors.Keys.OrderBy(k => k.A).ThenBy(k => k.B).ToList();
        for (var round = 0; round < columns - 1; round++)
        {
            candidates.RemoveAll(e => sets.Connected(e.A, e.B));
            var pick = candidates[ExponentialMechanism.Choose([.. candidates.Select(e => errors[e])], epsilonPerEdge, 1, noise)];
            sets.Union(pick.A, pick.B);
            chosen.Add(pick);
        }
        return [.. chosen];
    }
}
