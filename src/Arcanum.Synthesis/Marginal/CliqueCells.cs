namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Cell arithmetic for cliques: a clique is a sorted set of columns, and its cells are in row-major order (the
/// lowest-numbered column major). These are the broadcasts and sums a junction tree's messages are made of.
/// </summary>
internal static class CliqueCells
{
    /// <summary>The number of cells of a clique.</summary>
    /// <exception cref="ArgumentException">More than 2^31 − 1 cells, which no table of counts can hold.</exception>
    public static int Count(IReadOnlyList<int> clique, int[] sizes)
    {
        var cells = CountLong(clique, sizes);
        if (cells > int.MaxValue) throw new ArgumentException($"A clique of {clique.Count} columns has {cells} cells, too many to hold.", nameof(clique));
        return (int)cells;
    }

    public static long CountLong(IReadOnlyList<int> clique, int[] sizes)
    {
        // Saturates rather than overflows: a clique past 2^62 cells is only ever compared against a bound.
        var cells = 1L;
        foreach (var a in clique) cells = cells > (1L << 62) / sizes[a] ? 1L << 62 : cells * sizes[a];
        return cells;
    }

    /// <summary>For each cell of <paramref name="super"/>, the cell of <paramref name="sub"/> (a subset of it) it falls in.</summary>
    public static int[] Map(int[] super, int[] sub, int[] sizes)
    {
        var strides = new int[super.Length];
        var stride = 1;
        for (var j = sub.Length - 1; j >= 0; j--)
        {
            var at = Array.IndexOf(super, sub[j]);
            if (at < 0) throw new ArgumentException($"Column {sub[j]} is not in the clique.", nameof(sub));
            strides[at] = stride;
            stride *= sizes[sub[j]];
        }
        var map = new int[Count(super, sizes)];
        var counters = new int[super.Length];
        var index = 0;
        for (var cell = 0; cell < map.Length; cell++)
        {
            map[cell] = index;
            for (var j = super.Length - 1; j >= 0; j--)
            {
                index += strides[j];
                if (++counters[j] < sizes[super[j]]) break;
                index -= strides[j] * sizes[super[j]];
                counters[j] = 0;
            }
        }
        return map;
    }

    /// <summary>Log-sum-exp of <paramref name="values"/> over the cells <paramref name="map"/> sends to each of <paramref name="size"/> cells; −∞ where all are −∞.</summary>
    public static double[] LogSumOut(double[] values, int[] map, int size)
    {
        var max = new double[size];
        Array.Fill(max, double.NegativeInfinity);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > max[map[i]]) max[map[i]] = values[i];
        }
        var sums = new double[size];
        for (var i = 0; i < values.Length; i++)
        {
            var m = max[map[i]];
            if (!double.IsNegativeInfinity(m)) sums[map[i]] += Math.Exp(values[i] - m);
        }
        for (var c = 0; c < size; c++) sums[c] = double.IsNegativeInfinity(max[c]) ? double.NegativeInfinity : max[c] + Math.Log(sums[c]);
        return sums;
    }

    /// <summary>Sums of <paramref name="values"/> over the cells <paramref name="map"/> sends to each of <paramref name="size"/> cells.</summary>
    public static double[] SumOut(double[] values, int[] map, int size)
    {
        var sums = new double[size];
        for (var i = 0; i < values.Length; i++) sums[map[i]] += values[i];
        return sums;
    }

    /// <summary>Adds <paramref name="source"/>, broadcast by <paramref name="map"/>, into <paramref name="target"/>.</summary>
    public static void AddInto(double[] target, double[] source, int[] map)
    {
        for (var i = 0; i < target.Length; i++) target[i] += source[map[i]];
    }

    /// <summary>Counts of a clique's cells over the rows of <paramref name="cells"/> (column-major).</summary>
    public static double[] Contingency(int[][] cells, int[] clique, int[] sizes)
    {
        var counts = new double[Count(clique, sizes)];
        var rows = cells[clique[0]].Length;
        for (var r = 0; r < rows; r++)
        {
            var index = 0;
            foreach (var a in clique) index = index * sizes[a] + cells[a][r];
            counts[index]++;
        }
        return counts;
    }

    /// <summary>Union of two sorted cliques, sorted.</summary>
    public static int[] Union(IEnumerable<int> first, IEnumerable<int> second) => [.. first.Union(second).Order()];
}
