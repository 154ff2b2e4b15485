namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// A discrete graphical model over any set of cliques (AIM's measured marginals): p(x) ∝ Π_c exp θ_c(x_c). Exact
/// marginals come from sum-product in log space on its <see cref="JunctionTree"/> (one pass towards the root and one
/// back), marginals of column sets that no clique of the tree holds from variable elimination, and rows from forward
/// sampling along the tree. Potentials are row-major over each clique's sorted columns.
/// </summary>
internal sealed partial class CliqueModel : IPotentialModel<CliqueBeliefs>
{
    private readonly Dictionary<string, int> _slots;
    private readonly int[] _home;
    private readonly int[][] _homeMap;
    private readonly int[] _columnHome;
    private readonly int[][] _columnMap;
    private readonly int[][][] _separatorMaps;
    private readonly int[] _order;
    private readonly int[] _parentEdge;
    private readonly int[][] _children;

    public CliqueModel(int[] sizes, IReadOnlyList<int[]> cliques)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(cliques);
        if (sizes.Length == 0 || sizes.Any(s => s < 1)) throw new ArgumentException("Every column needs at least one cell.", nameof(sizes));
        Sizes = sizes;
        Cliques = [.. cliques.Select(c => c.Order().ToArray())];
        _slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < Cliques.Count; c++)
        {
            var clique = Cliques[c];
            if (clique.Length == 0 || clique.Any(a => a < 0 || a >= sizes.Length) || clique.Distinct().Count() != clique.Length)
                throw new ArgumentException($"Clique {c} is not a set of the model's columns.", nameof(cliques));
            if (!_slots.TryAdd(Key(clique), c)) throw new ArgumentException($"Clique ({string.Join(", ", clique)}) is given twice.", nameof(cliques));
        }
        Potentials = [.. Cliques.Select(c => new double[CliqueCells.Count(c, sizes)])];
        Tree = JunctionTree.Build(sizes, Cliques);
        _home = [.. Cliques.Select(c => Tree.Holding(c))];
        _homeMap = [.. Cliques.Select((c, i) => CliqueCells.Map(Tree.Cliques[_home[i]], c, sizes))];
        _columnHome = [.. Enumerable.Range(0, sizes.Length).Select(v => Tree.Holding([v]))];
        _columnMap = [.. Enumerable.Range(0, sizes.Length).Select(v => CliqueCells.Map(Tree.Cliques[_columnHome[v]], [v], sizes))];
        _separatorMaps = [.. Tree.Edges.Select((e, i) => new[]
        {
            CliqueCells.Map(Tree.Cliques[e.A], Tree.Separators[i], sizes), CliqueCells.Map(Tree.Cliques[e.B], Tree.Separators[i], sizes),
        })];
        (_order, _parentEdge) = Tree.Traverse();
        _children = [.. Enumerable.Range(0, Tree.Cliques.Length).Select(k => _order.Where(c => _parentEdge[c] >= 0 && Parent(c) == k).ToArray())];
    }

    public int[] Sizes { get; }

    /// <summary>The model's cliques, each sorted: one log-potential each.</summary>
    public IReadOnlyList<int[]> Cliques { get; }

    /// <summary>θ_c, log scale, row-major over the clique's sorted columns.</summary>
    public double[][] Potentials { get; }

    public JunctionTree Tree { get; }

    /// <summary>The slot of a clique (any order of its columns); −1 when the model has none.</summary>
    public int Find(IEnumerable<int> clique) => _slots.GetValueOrDefault(Key([.. clique.Order()]), -1);

    /// <summary>The same model with one more clique (starting at zero), the other potentials copied: a warm start.</summary>
    public CliqueModel With(int[] clique)
    {
        var next = new CliqueModel(Sizes, [.. Cliques, clique]);
        for (var c = 0; c < Cliques.Count; c++) Array.Copy(Potentials[c], next.Potentials[c], Potentials[c].Length);
        return next;
    }

    public (int Slot, double[] Values, double[] Weights) Bind(Measurement measurement, double[] weights)
    {
        var attributes = measurement.Attributes;
        var slot = Find(attributes);
        if (slot < 0) throw new ArgumentException($"Columns ({string.Join(", ", attributes)}) are measured together but are not a clique of the model.", nameof(measurement));
        var clique = Cliques[slot];
        if (measurement.Values.Length != Potentials[slot].Length) throw new ArgumentException($"The measurement of ({string.Join(", ", attributes)}) has the wrong number of cells.", nameof(measurement));
        if (attributes.SequenceEqual(clique)) return (slot, measurement.Values, weights);
        // Cell i of the clique's order is cell map[i] of the measurement's order.
        var strides = new int[attributes.Length];
        for (int j = attributes.Length - 1, stride = 1; j >= 0; stride *= Sizes[attributes[j]], j--) strides[j] = stride;
        var map = new int[measurement.Values.Length];
        var counters = new int[clique.Length];
        for (var i = 0; i < map.Length; i++)
        {
            for (var j = 0; j < clique.Length; j++) map[i] += counters[j] * strides[Array.IndexOf(attributes, clique[j])];
            for (var j = clique.Length - 1; j >= 0 && ++counters[j] == Sizes[clique[j]]; j--) counters[j] = 0;
        }
        return (slot, [.. map.Select(m => measurement.Values[m])], [.. map.Select(m => weights[m])]);
    }

    CliqueBeliefs? IPotentialModel<CliqueBeliefs>.Infer() => Infer();

    public double[] Marginal(CliqueBeliefs beliefs, int slot) =>
        beliefs.Slots[slot] ??= CliqueCells.SumOut(beliefs.Cliques[_home[slot]], _homeMap[slot], Potentials[slot].Length);

    public double[] Potential(int slot) => Potentials[slot];

    /// <summary>
    /// Calibrates the junction tree: each tree clique's marginal (summing to 1), with each column's cells weighted by
    /// its <paramref name="evidence"/> where given (0 to exclude). Null when the evidence leaves no probability.
    /// </summary>
    public CliqueBeliefs? Infer(IReadOnlyList<double[]?>? evidence = null)
    {
        var cliques = Tree.Cliques;
        var psi = cliques.Select(k => new double[CliqueCells.Count(k, Sizes)]).ToArray();
        for (var c = 0; c < Cliques.Count; c++) CliqueCells.AddInto(psi[_home[c]], Potentials[c], _homeMap[c]);
        for (var v = 0; v < Sizes.Length; v++)
        {
            if (evidence?[v] is not { } weights) continue;
            CliqueCells.AddInto(psi[_columnHome[v]], [.. weights.Select(w => Math.Log(w))], _columnMap[v]);
        }
        // up[k]: k's message to its parent; down[k]: its parent's message to k; both over their separator.
        var up = new double[cliques.Length][];
        var down = new double[cliques.Length][];
        for (var i = _order.Length - 1; i > 0; i--)
        {
            var k = _order[i];
            up[k] = Message(k, psi[k], null, up, down);
        }
        var beliefs = new double[cliques.Length][];
        foreach (var k in _order)
        {
            foreach (var child in _children[k]) down[child] = Message(k, psi[k], child, up, down);
            var log = Gather(k, psi[k], null, up, down);
            var total = CliqueCells.LogSumOut(log, new int[log.Length], 1)[0];
            if (!double.IsFinite(total)) return null;
            beliefs[k] = [.. log.Select(l => Math.Exp(l - total))];
        }
        return new CliqueBeliefs(beliefs, new double[Cliques.Count][]);
    }

    /// <summary>Clique k's potential times the messages into it from its parent and its children, but not from <paramref name="except"/>.</summary>
    private double[] Gather(int k, double[] psi, int? except, double[][] up, double[][] down)
    {
        var log = (double[])psi.Clone();
        if (_parentEdge[k] >= 0) CliqueCells.AddInto(log, down[k], SeparatorMap(_parentEdge[k], k));
        foreach (var child in _children[k])
        {
            if (child != except) CliqueCells.AddInto(log, up[child], SeparatorMap(_parentEdge[child], k));
        }
        return log;
    }

    /// <summary>The message from clique k over edge e: everything k gathers except from that edge, summed onto the separator.</summary>
    private double[] Message(int k, double[] psi, int? toChild, double[][] up, double[][] down)
    {
        var e = toChild is { } c ? _parentEdge[c] : _parentEdge[k];
        double[] log;
        if (toChild is null)
        {
            // Upward: the parent's message is not there yet, and is the one to leave out.
            log = (double[])psi.Clone();
            foreach (var child in _children[k]) CliqueCells.AddInto(log, up[child], SeparatorMap(_parentEdge[child], k));
        }
        else
        {
            log = Gather(k, psi, toChild, up, down);
        }
        var message = CliqueCells.LogSumOut(log, SeparatorMap(e, k), CliqueCells.Count(Tree.Separators[e], Sizes));
        // Messages are defined up to a constant; keeping their maximum at 0 keeps the sums in range.
        var max = message.Max();
        if (double.IsFinite(max))
        {
            for (var i = 0; i < message.Length; i++) message[i] -= max;
        }
        return message;
    }

    private int[] SeparatorMap(int edge, int clique) => _separatorMaps[edge][Tree.Edges[edge].A == clique ? 0 : 1];

    private int Parent(int k)
    {
        var e = Tree.Edges[_parentEdge[k]];
        return e.A == k ? e.B : e.A;
    }

    private static string Key(int[] sortedClique) => string.Join(",", sortedClique);
}

/// <summary>
/// A calibrated <see cref="CliqueModel"/>: each junction-tree clique's marginal (summing to 1), and a cache of the
/// model cliques' marginals.
/// </summary>
internal sealed record CliqueBeliefs(double[][] Cliques, double[]?[] Slots);
