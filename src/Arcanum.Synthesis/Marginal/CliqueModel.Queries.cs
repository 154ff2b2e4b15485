namespace Arcanum.Synthesis.Marginal;

/// <summary>Marginals of any set of columns, and rows drawn from the model.</summary>
internal sealed partial class CliqueModel
{
    /// <summary>
    /// The model's marginal (summing to 1) of <paramref name="columns"/>, row-major over them sorted: from the calibrated
    /// <paramref name="beliefs"/> when one tree clique holds them all, else by variable elimination on the current
    /// potentials (each step sums out the column whose factors span the fewest cells).
    /// </summary>
    public double[] Project(CliqueBeliefs beliefs, IReadOnlyCollection<int> columns)
    {
        var target = columns.Order().ToArray();
        var cells = CliqueCells.Count(target, Sizes);
        var home = Tree.Holding(target);
        if (home >= 0) return CliqueCells.SumOut(beliefs.Cliques[home], CliqueCells.Map(Tree.Cliques[home], target, Sizes), cells);
        var factors = Cliques.Select((c, i) => (Columns: c, Log: Potentials[i])).ToList();
        while (true)
        {
            var candidates = factors.SelectMany(f => f.Columns).Distinct().Where(v => Array.BinarySearch(target, v) < 0).ToArray();
            if (candidates.Length == 0) break;
            var v = candidates.OrderBy(u => CliqueCells.CountLong(Scope(factors, u), Sizes)).ThenBy(u => u).First();
            var scope = Scope(factors, v);
            var joined = new double[CliqueCells.Count(scope, Sizes)];
            foreach (var f in factors.Where(f => f.Columns.Contains(v))) CliqueCells.AddInto(joined, f.Log, CliqueCells.Map(scope, f.Columns, Sizes));
            var rest = scope.Where(u => u != v).ToArray();
            var summed = CliqueCells.LogSumOut(joined, CliqueCells.Map(scope, rest, Sizes), CliqueCells.Count(rest, Sizes));
            factors.RemoveAll(f => f.Columns.Contains(v));
            factors.Add((rest, summed));
        }
        var log = new double[cells];
        foreach (var f in factors) CliqueCells.AddInto(log, f.Log, CliqueCells.Map(target, f.Columns, Sizes));
        var total = CliqueCells.LogSumOut(log, new int[log.Length], 1)[0];
        return [.. log.Select(l => Math.Exp(l - total))];
    }

    /// <summary>Draws rows (cells per column, column-major): the root clique from its marginal, each other clique given its separator with its parent.</summary>
    public int[][] Sample(CliqueBeliefs beliefs, int count, Random random)
    {
        var cells = Sizes.Select(_ => new int[count]).ToArray();
        foreach (var k in _order)
        {
            var clique = Tree.Cliques[k];
            var p = beliefs.Cliques[k];
            if (_parentEdge[k] < 0)
            {
                var cdf = Cumulative(p, [.. Enumerable.Range(0, p.Length)]);
                for (var r = 0; r < count; r++) Assign(clique, Draw(cdf, random), cells, r);
                continue;
            }
            var separator = Tree.Separators[_parentEdge[k]];
            var map = SeparatorMap(_parentEdge[k], k);
            var buckets = Enumerable.Range(0, p.Length).GroupBy(c => map[c]).ToDictionary(g => g.Key, g => g.ToArray());
            var cdfs = buckets.ToDictionary(b => b.Key, b => Cumulative(p, b.Value));
            for (var r = 0; r < count; r++)
            {
                var s = 0;
                foreach (var a in separator) s = s * Sizes[a] + cells[a][r];
                var members = buckets[s];
                Assign(clique, members[Draw(cdfs[s], random)], cells, r);
            }
        }
        return cells;
    }

    /// <summary>The sorted union of the columns of the factors that hold <paramref name="column"/>.</summary>
    private static int[] Scope(List<(int[] Columns, double[] Log)> factors, int column) =>
        [.. factors.Where(f => f.Columns.Contains(column)).SelectMany(f => f.Columns).Distinct().Order()];

    /// <summary>Writes a clique cell's column cells into row <paramref name="row"/>.</summary>
    private void Assign(int[] clique, int cell, int[][] cells, int row)
    {
        for (var j = clique.Length - 1; j >= 0; j--)
        {
            var size = Sizes[clique[j]];
            cells[clique[j]][row] = cell % size;
            cell /= size;
        }
    }

    private static double[] Cumulative(double[] p, int[] members)
    {
        var cdf = new double[members.Length];
        var sum = 0.0;
        for (var i = 0; i < members.Length; i++) cdf[i] = sum += p[members[i]];
        return cdf;
    }

    /// <summary>An index drawn in proportion to the weights behind <paramref name="cdf"/>; uniform when they are all zero.</summary>
    private static int Draw(double[] cdf, Random random)
    {
        if (!(cdf[^1] > 0)) return random.Next(cdf.Length);
        var u = random.NextDouble() * cdf[^1];
        var index = Array.BinarySearch(cdf, u);
        index = index >= 0 ? index + 1 : ~index;
        while (index < cdf.Length - 1 && cdf[index] <= u) index++;
        return Math.Min(index, cdf.Length - 1);
    }
}
