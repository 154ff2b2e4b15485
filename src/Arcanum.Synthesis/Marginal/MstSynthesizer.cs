using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// MST (kind "mst"; McKenna, Miklau and Sheldon 2021, "Winning the NIST contest"): a differentially private
/// synthesizer that measures every column's marginal and the pairs of a maximum spanning tree with Gaussian noise,
/// fits a tree-shaped graphical model to the noisy counts (Private-PGM), and draws rows from it. Its
/// <see cref="Schema"/> is what it releases: public or privately estimated bounds, the model's own level shares
/// and missing rates, and its noisy row count, never the real table's exact figures. It conditions natively on
/// every clause: a condition becomes evidence on the tree, and rows come from the conditioned model.
/// </summary>
public sealed partial class MstSynthesizer : ISynthesizer
{
    public const string KindName = "mst";

    private readonly ColumnBins[] _bins;
    private readonly CellGroups[] _groups;
    private readonly TreeModel _model;
    private readonly TreeBeliefs _beliefs;
    private readonly string[] _sources;

    private MstSynthesizer(TableSchema schema, TrainingSummary training, MstOptions options, PrivacyLedger ledger,
        ColumnBins[] bins, CellGroups[] groups, TreeModel model, double total, string[] sources)
    {
        if (bins.Length != schema.Learned.Count || groups.Length != bins.Length || model.Sizes.Length != bins.Length || sources.Length != bins.Length)
            throw new ArgumentException($"The model has {bins.Length} columns; the schema learns {schema.Learned.Count}.", nameof(bins));
        for (var i = 0; i < bins.Length; i++)
        {
            if (groups[i].OriginalCells != bins[i].Cells || model.Sizes[i] != groups[i].ModelCells)
                throw new ArgumentException($"Column '{schema.Learned[i].Name}' has {bins[i].Cells} cells, grouped into {groups[i].ModelCells}, but the model has {model.Sizes[i]}.", nameof(model));
        }
        Schema = schema;
        Training = training;
        Options = options;
        Ledger = ledger;
        Total = total;
        _bins = bins;
        _groups = groups;
        _model = model;
        _sources = sources;
        _beliefs = model.Infer() ?? throw new ArgumentException("The model's potentials give no probability.", nameof(model));
    }

    public string Kind => KindName;

    /// <summary>The released schema: levels and bounds as the model folder states, shares and missing rates from the model.</summary>
    public TableSchema Schema { get; }

    public TrainingSummary Training { get; }

    public MstOptions Options { get; }

    /// <summary>The budget and every spend from it.</summary>
    public PrivacyLedger Ledger { get; }

    /// <summary>The model's estimate of the real table's rows (noisy).</summary>
    public double Total { get; }

    /// <summary>The measured pairs, by column name: the tree's edges.</summary>
    public IReadOnlyList<(string First, string Second)> Pairs =>
        [.. _model.Edges.Select(e => (Schema.Learned[e.A].Name, Schema.Learned[e.B].Name))];

    /// <summary>Per learned column, where its cells came from (public domain, private estimate, or read from the data).</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>Columns whose levels were read from the data: which levels exist is not covered by the guarantee.</summary>
    public IReadOnlyList<string> LevelsReadFromData =>
        [.. Schema.Learned.Where((c, i) => c.IsCategorical && _sources[i].StartsWith("levels read", StringComparison.Ordinal)).Select(c => c.Name)];

    /// <summary>A table's learned columns as each column's original cells (bins or levels, then missing), column-major.</summary>
    internal int[][] OriginalCells(DataTable table)
    {
        var values = Schema.Extract(table);
        return [.. values.Select((column, i) => column.Select(_bins[i].Encode).ToArray())];
    }

    /// <summary>A column's cells in the model, after merging.</summary>
    internal int ModelCellCount(int learnedIndex) => _model.Sizes[learnedIndex];

    /// <summary>Original cells of a column as the model's (merged) cells.</summary>
    internal int[] ModelCells(int learnedIndex, int[] originalCells) => _groups[learnedIndex].ToModel(originalCells);

    /// <summary>The model's probabilities over a column's original cells (its bins or levels, then missing).</summary>
    internal double[] CellProbabilities(int learnedIndex) => _groups[learnedIndex].Expand(_beliefs.Nodes[learnedIndex]);

    /// <summary>The model's joint probabilities of two columns' model cells when they are a measured pair; null otherwise.</summary>
    internal double[]? PairProbabilities(int first, int second)
    {
        var (edge, forward) = _model.FindEdge(first, second);
        if (edge < 0) return null;
        if (forward) return _beliefs.Edges[edge];
        var (a, b) = (_model.Sizes[second], _model.Sizes[first]);
        var result = new double[a * b];
        for (var x = 0; x < a; x++)
        {
            for (var y = 0; y < b; y++) result[y * a + x] = _beliefs.Edges[edge][x * b + y];
        }
        return result;
    }

    /// <summary>Every constraint on a column the model has that some cell can meet: a tree conditions on all of them.</summary>
    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return [.. conditions.Constraints.Where(c => Evidence(c) is { } e && e.Any(w => w > 0))];
    }

    /// <summary>Draws rows from the tree, conditioned on every constraint it serves. Same seed, same rows.</summary>
    public DataTable Generate(int count, RowConditions? conditions, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var constraints = new ColumnConstraint?[_bins.Length];
        var coverage = new double[]?[_bins.Length];
        var evidence = new double[]?[_bins.Length];
        foreach (var constraint in conditions?.Constraints ?? [])
        {
            if (Evidence(constraint) is not { } weights) continue;
            var i = constraint.LearnedIndex;
            (constraints[i], coverage[i], evidence[i]) = (constraint, CellGroups.Coverage(_bins[i], constraint), weights);
        }
        var beliefs = _beliefs;
        if (evidence.Any(e => e is not null))
        {
            if (_model.Infer(evidence) is { } conditioned)
            {
                beliefs = conditioned;
            }
            else
            {
                // The model gives the condition no probability: draw freely and let the sampler's filter report it as too rare.
                Array.Clear(constraints);
                Array.Clear(coverage);
            }
        }
        var cells = _model.Sample(beliefs, count, random);
        var learned = new double[_bins.Length][];
        for (var i = 0; i < _bins.Length; i++)
        {
            learned[i] = new double[count];
            for (var r = 0; r < count; r++) learned[i][r] = _bins[i].Decode(_groups[i].Decode(cells[i][r], random, coverage[i]), random, constraints[i]);
        }
        return Schema.Build(learned);
    }

    /// <summary>The evidence a constraint puts on its column's model cells; null when the column is not the model's.</summary>
    private double[]? Evidence(ColumnConstraint constraint)
    {
        var i = constraint.LearnedIndex;
        if (i < 0 || i >= _bins.Length || Schema.Learned[i].Name != constraint.Column.Name) return null;
        return _groups[i].Evidence(CellGroups.Coverage(_bins[i], constraint));
    }

    /// <summary>Nothing: the parameters in synthesizer.json are the whole model.</summary>
    public void SaveFiles(string directory)
    {
    }
}
