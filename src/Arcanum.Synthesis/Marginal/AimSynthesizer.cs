using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// AIM (kind "aim"; McKenna, Mullins, Sheldon and Miklau 2022, "AIM: An Adaptive and Iterative Mechanism for
/// Differentially Private Synthetic Data"): measures every column's marginal, then, round by round, picks the 1-,
/// 2- or 3-way marginal the current model gets most wrong (exponential mechanism), measures it with Gaussian noise
/// and refits a graphical model (Private-PGM on a junction tree) to all measurements, until the budget is spent.
/// Its <see cref="Schema"/> releases only the model's figures, as MST's does. It conditions natively on every clause:
/// a condition becomes evidence on the junction tree.
/// </summary>
public sealed partial class AimSynthesizer : ISynthesizer
{
    public const string KindName = "aim";

    private readonly MarginalColumns _columns;
    private readonly CliqueModel _model;
    private readonly CliqueBeliefs _beliefs;

    private AimSynthesizer(TableSchema schema, TrainingSummary training, AimOptions options, PrivacyLedger ledger,
        MarginalColumns columns, CliqueModel model, double total, int rounds)
    {
        columns.Check(schema, model.Sizes);
        Schema = schema;
        Training = training;
        Options = options;
        Ledger = ledger;
        Total = total;
        Rounds = rounds;
        _columns = columns;
        _model = model;
        _beliefs = model.Infer() ?? throw new ArgumentException("The model's potentials give no probability.", nameof(model));
    }

    public string Kind => KindName;

    /// <summary>The released schema: levels and bounds as the model folder states, shares and missing rates from the model.</summary>
    public TableSchema Schema { get; }

    public TrainingSummary Training { get; }

    public AimOptions Options { get; }

    /// <summary>The budget and every spend from it, round by round.</summary>
    public PrivacyLedger Ledger { get; }

    /// <summary>The model's estimate of the real table's rows (noisy).</summary>
    public double Total { get; }

    /// <summary>How many select-and-measure rounds the fit ran.</summary>
    public int Rounds { get; }

    /// <summary>The measured marginals of two or more columns, by column name: the model's cliques.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Marginals =>
        [.. _model.Cliques.Where(c => c.Length > 1).Select(c => (IReadOnlyList<string>)[.. c.Select(a => Schema.Learned[a].Name)])];

    /// <summary>The junction tree's total cells: the model size the cap bounds.</summary>
    public long ModelCells => _model.Tree.Cells;

    /// <summary>Per learned column, where its cells came from (public domain, private estimate, or read from the data).</summary>
    public IReadOnlyList<string> Sources => _columns.Sources;

    /// <summary>Columns whose levels were read from the data: which levels exist is not covered by the guarantee.</summary>
    public IReadOnlyList<string> LevelsReadFromData => _columns.LevelsReadFromData(Schema);

    /// <summary>What the released model rests on besides the measured, noisy counts, in words for the model folder.</summary>
    public IReadOnlyList<string> PublicFacts() => _columns.PublicFacts(Schema);

    /// <summary>Every constraint on a column the model has that some cell can meet: the junction tree conditions on all of them.</summary>
    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions) => _columns.NativelyServed(Schema, conditions);

    /// <summary>Draws rows by forward sampling along the junction tree, conditioned on every constraint it serves. Same seed, same rows.</summary>
    public DataTable Generate(int count, RowConditions? conditions, int seed) => _columns.Generate(_model, _beliefs, Schema, count, conditions, seed);

    /// <summary>Nothing: the parameters in synthesizer.json are the whole model.</summary>
    public void SaveFiles(string directory)
    {
    }
}
