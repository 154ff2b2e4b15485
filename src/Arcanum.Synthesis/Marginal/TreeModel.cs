namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// A discrete graphical model whose graph is a forest: p(x) ∝ Π_i exp θ_i(x_i) · Π_(i,j) exp θ_ij(x_i, x_j).
/// Every clique MST measures (single columns and the tree's pairs) is a node or an edge of it, so sum-product
/// belief propagation gives its exact marginals in one pass up and one down, and rows are drawn exactly by
/// forward sampling from the roots. Pair potentials are row-major in the edge's own order (first column major).
/// </summary>
internal sealed class TreeModel : IPotentialModel<TreeBeliefs>
{
    private readonly int[][] _neighbourEdges;
    private readonly int[][] _components;

    public TreeModel(int[] sizes, IReadOnlyList<(int A, int B)> edges)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(edges);
        if (sizes.Length == 0 || sizes.Any(s => s < 1)) throw new ArgumentException("Every column needs at least one cell.", nameof(sizes));
        Sizes = sizes;
        Edges = [.. edges];
        var forest = new DisjointSets(sizes.Length);
        foreach (var (a, b) in Edges)
        {
            if (a < 0 || b < 0 || a >= sizes.Length || b >= sizes.Length || a == b) throw new ArgumentException($"Edge ({a}, {b}) does not join two columns.", nameof(edges));
            if (!forest.Union(a, b)) throw new ArgumentException($"Edge ({a}, {b}) closes a cycle; the model needs a forest.", nameof(edges));
        }
        NodePotentials = [.. sizes.Select(s => new double[s])];
        EdgePotentials = [.. Edges.Select(e => new double[sizes[e.A] * sizes[e.B]])];
        _neighbourEdges = [.. Enumerable.Range(0, sizes.Length).Select(v => Enumerable.Range(0, Edges.Count).Where(e => Edges[e].A == v || Edges[e].B == v).ToArray())];
        _components = Components();
    }

    public int[] Sizes { get; }

    public IReadOnlyList<(int A, int B)> Edges { get; }

    /// <summary>θ_i, log scale.</summary>
    public double[][] NodePotentials { get; }

    /// <summary>θ_ij, log scale, row-major in the edge's order.</summary>
    public double[][] EdgePotentials { get; }

    /// <summary>The edge joining two columns, and whether it runs from <paramref name="a"/> to <paramref name="b"/>; -1 when none.</summary>
    public (int Edge, bool Forward) FindEdge(int a, int b)
    {
        for (var e = 0; e < Edges.Count; e++)
        {
            if (Edges[e] == (a, b)) return (e, true);
            if (Edges[e] == (b, a)) return (e, false);
        }
        return (-1, false);
    }

    /// <summary>Slots: column v is slot v, edge e is slot columns + e; a pair measured in the other order is transposed.</summary>
    public (int Slot, double[] Values, double[] Weights) Bind(Measurement measurement, double[] weights)
    {
        var m = measurement;
        if (m.Attributes.Length == 1)
        {
            if (m.Values.Length != Sizes[m.Attributes[0]]) throw new ArgumentException($"A measurement of column {m.Attributes[0]} has {m.Values.Length} cells, not {Sizes[m.Attributes[0]]}.", nameof(measurement));
            return (m.Attributes[0], m.Values, weights);
        }
        var (a, b) = (m.Attributes[0], m.Attributes[1]);
        var (edge, forward) = FindEdge(a, b);
        if (edge < 0) throw new ArgumentException($"Columns {a} and {b} are measured together but are not an edge of the model.", nameof(measurement));
        if (m.Values.Length != Sizes[a] * Sizes[b]) throw new ArgumentException($"The measurement of ({a}, {b}) has the wrong number of cells.", nameof(measurement));
        if (forward) return (Sizes.Length + edge, m.Values, weights);
        // Reorder (a major) into the edge's order (b major).
        var values = new double[m.Values.Length];
        var reordered = new double[m.Values.Length];
        for (var x = 0; x < Sizes[a]; x++)
        {
            for (var y = 0; y < Sizes[b]; y++)
            {
                values[y * Sizes[a] + x] = m.Values[x * Sizes[b] + y];
                reordered[y * Sizes[a] + x] = weights[x * Sizes[b] + y];
            }
        }
        return (Sizes.Length + edge, values, reordered);
    }

    TreeBeliefs? IPotentialModel<TreeBeliefs>.Infer() => Infer();

    public double[] Marginal(TreeBeliefs beliefs, int slot) => slot < Sizes.Length ? beliefs.Nodes[slot] : beliefs.Edges[slot - Sizes.Length];

    public double[] Potential(int slot) => slot < Sizes.Length ? NodePotentials[slot] : EdgePotentials[slot - Sizes.Length];

    /// <summary>
    /// The exact node and edge marginals (each sums to 1), with each column's potentials multiplied by its
    /// <paramref name="evidence"/> where given (a weight per cell, 0 to exclude). Null when the evidence leaves no
    /// probability in some part of the forest.
    /// </summary>
    public TreeBeliefs? Infer(IReadOnlyList<double[]?>? evidence = null)
    {
        var local = new double[Sizes.Length][];
        for (var v = 0; v < Sizes.Length; v++)
        {
            var theta = NodePotentials[v];
            var max = theta.Max();
            local[v] = [.. theta.Select(t => Math.Exp(t - max))];
            if (evidence?[v] is { } weights)
            {
                for (var x = 0; x < local[v].Length; x++) local[v][x] *= weights[x];
            }
        }
        var factors = EdgePotentials.Select(theta =>
        {
            var max = theta.Max();
            return theta.Select(t => Math.Exp(t - max)).ToArray();
        }).ToArray();
        // messages[e][0]: from A to B (over B's cells); messages[e][1]: from B to A (over A's cells).
        var messages = Edges.Select(e => new[] { new double[Sizes[e.B]], new double[Sizes[e.A]] }).ToArray();
        foreach (var component in _components)
        {
            var (order, parentEdge) = Traverse(component);
            for (var i = order.Length - 1; i > 0; i--)
            {
                if (!Send(order[i], parentEdge[order[i]], local, factors, messages)) return null;
            }
            for (var i = 1; i < order.Length; i++)
            {
                var child = order[i];
                var e = parentEdge[child];
                var parent = Edges[e].A == child ? Edges[e].B : Edges[e].A;
                if (!Send(parent, e, local, factors, messages)) return null;
            }
        }
        var nodes = new double[Sizes.Length][];
        for (var v = 0; v < Sizes.Length; v++)
        {
            nodes[v] = Incoming(v, -1, local, messages);
            if (!Normalise(nodes[v])) return null;
        }
        var edges = new double[Edges.Count][];
        for (var e = 0; e < Edges.Count; e++)
        {
            var (a, b) = Edges[e];
            var fromA = Incoming(a, e, local, messages);
            var fromB = Incoming(b, e, local, messages);
            var table = new double[factors[e].Length];
            for (var x = 0; x < Sizes[a]; x++)
            {
                for (var y = 0; y < Sizes[b]; y++) table[x * Sizes[b] + y] = factors[e][x * Sizes[b] + y] * fromA[x] * fromB[y];
            }
            if (!Normalise(table)) return null;
            edges[e] = table;
        }
        return new TreeBeliefs(nodes, edges);
    }

    /// <summary>Draws rows (cells per column, column-major) by forward sampling: each root from its marginal, each child given its parent.</summary>
    public int[][] Sample(TreeBeliefs beliefs, int count, Random random)
    {
        var cells = Sizes.Select(_ => new int[count]).ToArray();
        foreach (var component in _components)
        {
            var (order, parentEdge) = Traverse(component);
            var root = order[0];
            var rootCdf = Cumulative(beliefs.Nodes[root]);
            for (var r = 0; r < count; r++) cells[root][r] = Draw(rootCdf, random);
            for (var i = 1; i < order.Length; i++)
            {
                var child = order[i];
                var e = parentEdge[child];
                var forward = Edges[e].A != child;
                var parent = forward ? Edges[e].A : Edges[e].B;
                var conditionals = new double[Sizes[parent]][];
                for (var x = 0; x < Sizes[parent]; x++)
                {
                    var row = new double[Sizes[child]];
                    for (var y = 0; y < row.Length; y++) row[y] = forward ? beliefs.Edges[e][x * Sizes[child] + y] : beliefs.Edges[e][y * Sizes[parent] + x];
                    conditionals[x] = Cumulative(row);
                }
                for (var r = 0; r < count; r++) cells[child][r] = Draw(conditionals[cells[parent][r]], random);
            }
        }
        return cells;
    }

    /// <summary>Sends the message from <paramref name="from"/> along edge <paramref name="e"/>; false when it is all zero.</summary>
    private bool Send(int from, int e, double[][] local, double[][] factors, double[][][] messages)
    {
        var (a, b) = Edges[e];
        var incoming = Incoming(from, e, local, messages);
        var fromA = from == a;
        var message = messages[e][fromA ? 0 : 1];
        Array.Clear(message);
        for (var x = 0; x < Sizes[a]; x++)
        {
            for (var y = 0; y < Sizes[b]; y++)
            {
                var f = factors[e][x * Sizes[b] + y];
                if (fromA) message[y] += f * incoming[x];
                else message[x] += f * incoming[y];
            }
        }
        return Normalise(message);
    }

    /// <summary>A column's local factor times the messages from every edge but <paramref name="except"/>.</summary>
    private double[] Incoming(int v, int except, double[][] local, double[][][] messages)
    {
        var product = (double[])local[v].Clone();
        foreach (var e in _neighbourEdges[v])
        {
            if (e == except) continue;
            var message = messages[e][Edges[e].B == v ? 0 : 1];
            for (var x = 0; x < product.Length; x++) product[x] *= message[x];
        }
        return product;
    }

    /// <summary>A breadth-first order of a component from its first column, with each column's edge to its parent.</summary>
    private (int[] Order, Dictionary<int, int> ParentEdge) Traverse(int[] component)
    {
        var order = new List<int> { component[0] };
        var parentEdge = new Dictionary<int, int> { [component[0]] = -1 };
        for (var i = 0; i < order.Count; i++)
        {
            var v = order[i];
            foreach (var e in _neighbourEdges[v])
            {
                var u = Edges[e].A == v ? Edges[e].B : Edges[e].A;
                if (parentEdge.ContainsKey(u)) continue;
                parentEdge[u] = e;
                order.Add(u);
            }
        }
        return ([.. order], parentEdge);
    }

    private int[][] Components()
    {
        var sets = new DisjointSets(Sizes.Length);
        foreach (var (a, b) in Edges) sets.Union(a, b);
        return [.. Enumerable.Range(0, Sizes.Length).GroupBy(sets.Find).Select(g => g.ToArray())];
    }

    private static bool Normalise(double[] values)
    {
        var total = values.Sum();
        if (!(total > 0) || !double.IsFinite(total)) return false;
        for (var i = 0; i < values.Length; i++) values[i] /= total;
        return true;
    }

    private static double[] Cumulative(double[] weights)
    {
        var cdf = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) cdf[i] = sum += weights[i];
        return cdf;
    }

    private static int Draw(double[] cdf, Random random)
    {
        var u = random.NextDouble() * cdf[^1];
        var index = Array.BinarySearch(cdf, u);
        index = index >= 0 ? index + 1 : ~index;
        // Skips cells of zero weight that share the cumulative value u landed on.
        while (index < cdf.Length - 1 && cdf[index] <= u) index++;
        return Math.Min(index, cdf.Length - 1);
    }
}

/// <summary>Marginals of a <see cref="TreeModel"/>: per column, and per edge in the edge's row-major order; each sums to 1.</summary>
internal sealed record TreeBeliefs(double[][] Nodes, double[][] Edges);
