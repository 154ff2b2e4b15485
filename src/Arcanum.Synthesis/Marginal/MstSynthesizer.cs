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

    private readonly MarginalColumns _columns;
    private readonly TreeModel _model;
    private readonly TreeBeliefs _beliefs;

    private MstSynthesizer(TableSchema schema, TrainingSummary training, MstOptions options, PrivacyLedger ledger,
        MarginalColumns columns, TreeModel model, double total)
    {
        columns.Check(schema, model.Sizes);
        Schema = schema;
        Training = training;
        Options = options;
        Ledger = ledger;
        Total = total;
        _columns = columns;
        _model = model;
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
    public IReadOnlyList<string> Sources => _columns.Sources;

    /// <summary>Columns whose levels were read from the data: which levels exist is not covered by the guarantee.</summary>
    public IReadOnlyList<string> LevelsReadFromData => _columns.LevelsReadFromData(Schema);

    /// <summary>A table's learned columns as each column's original cells (bins or levels, then missing), column-major.</summary>
    internal int[][] OriginalCells(DataTable table)
    {
        var values = Schema.Extract(table);
        return [.. values.Select((column, i) => column.Select(_columns.Bins[i].Encode).ToArray())];
    }

    /// <summary>A column's cells in the model, after merging.</summary>
    internal int ModelCellCount(int learnedIndex) => _model.Sizes[learnedIndex];

    /// <summary>Original cells of a column as the model's (merged) cells.</summary>
    internal int[] ModelCells(int learnedIndex, int[] originalCells) => _columns.Groups[learnedIndex].ToModel(originalCells);

    /// <summary>The model's probabilities over a column's original cells (its bins or levels, then missing).</summary>
    internal double[] CellProbabilities(int learnedIndex) => _columns.Groups[learnedIndex].Expand(_beliefs.Nodes[learnedIndex]);

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
    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions) => _columns.NativelyServed(Schema, conditions);

    /// <summary>Draws rows from the tree, conditioned on every constraint it serves. Same seed, same rows.</summary>
    public DataTable Generate(int count, RowConditions? conditions, int seed) => _columns.Generate(_model, _beliefs, Schema, count, conditions, seed);

    /// <summary>Nothing: the parameters in synthesizer.json are the whole model.</summary>
    public void SaveFiles(string directory)
    {
    }
}
