using System.Diagnostics;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Copula;

/// <summary>
/// The Gaussian copula synthesizer (kind "copula"): every learned column becomes one latent standard normal
/// dimension through its marginal (numbers by their empirical quantile function, categories as intervals
/// of the unit line by frequency) plus one "is missing" dimension per number with missing values; the
/// latent dimensions are jointly normal with the correlation of the real rows' latent values (fitted so
/// that discrete columns keep their full dependence, see <see cref="CopulaOptions.CorrelationSweeps"/>).
/// It conditions natively and exactly: a condition is a box in latent space, and rows are drawn from the
/// normal truncated to it, so even a 1-in-1000 subgroup costs no rejected rows.
/// </summary>
public sealed partial class GaussianCopula : ISynthesizer
{
    public const string KindName = "copula";

    private readonly IReadOnlyList<IMarginal> _marginals;
    private readonly int[] _offsets;
    private readonly double[,] _correlation;
    private readonly CopulaOptions _options;

    private GaussianCopula(TableSchema schema, TrainingSummary training, CopulaOptions options, IReadOnlyList<IMarginal> marginals,
        double[,] correlation, double shrinkage)
    {
        if (marginals.Count != schema.Learned.Count)
            throw new ArgumentException($"The model has {marginals.Count} columns; the schema learns {schema.Learned.Count}.", nameof(marginals));
        _offsets = new int[marginals.Count];
        var dimensions = 0;
        for (var i = 0; i < marginals.Count; i++)
        {
            _offsets[i] = dimensions;
            dimensions += marginals[i].Dimensions;
        }
        if (correlation.GetLength(0) != dimensions || correlation.GetLength(1) != dimensions)
            throw new ArgumentException($"The latent correlation must be {dimensions}×{dimensions}.", nameof(correlation));
        if (Cholesky.TryDecompose(correlation, LatentCorrelation.MinPivot / 2) is null)
            throw new ArgumentException("The latent correlation is not positive definite.", nameof(correlation));
        Schema = schema;
        Training = training;
        _options = options;
        _marginals = marginals;
        _correlation = correlation;
        Shrinkage = shrinkage;
    }

    public string Kind => KindName;

    public TableSchema Schema { get; }

    public TrainingSummary Training { get; }

    /// <summary>How far the latent correlation was shrunk toward the identity to make it positive definite; 0 when it was not.</summary>
    public double Shrinkage { get; }

    /// <summary>Latent dimensions: one per learned column, plus one per number or date with missing values.</summary>
    public int LatentDimensions => _correlation.GetLength(0);

    /// <summary>The latent correlation between two dimensions (for inspection and tests).</summary>
    internal double LatentCorrelationOf(int first, int second) => _correlation[first, second];

    /// <summary>The first latent dimension of a learned column.</summary>
    internal int LatentOffset(int learnedIndex) => _offsets[learnedIndex];

    /// <summary>Learns the marginals and the latent correlation of <paramref name="table"/>.</summary>
    /// <exception cref="SynthesisException">The table lacks a learned column, has one of another type, has fewer than 2 rows, or a setting is out of range.</exception>
    public static GaussianCopula Fit(DataTable table, TableSchema schema, CopulaOptions? options = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new CopulaOptions();
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        var values = schema.Extract(table);
        if (table.RowCount < 2) throw new SynthesisException($"The table has {table.RowCount} rows; the copula needs at least 2 to learn anything.");
        progress?.Report(new TrainingProgress(0, 1, new Dictionary<string, double>(), null));

        var random = new Random(options.Seed);
        var marginals = new List<IMarginal>(values.Length);
        var latent = new List<LatentColumn>();
        for (var i = 0; i < values.Length; i++)
        {
            if (schema.Learned[i].IsNumeric)
            {
                var (marginal, columns) = NumericMarginal.Fit(schema.Learned[i], values[i], options.Quantiles, random);
                marginals.Add(marginal);
                latent.AddRange(columns);
            }
            else
            {
                var (marginal, column) = CategoricalMarginal.Fit(values[i], random);
                marginals.Add(marginal);
                latent.Add(column);
            }
        }
        var (correlation, shrinkage) = LatentCorrelation.Estimate(latent, options.CorrelationSweeps, options.Seed);
        var losses = new Dictionary<string, double>();
        if (shrinkage > 0) losses["correlation_shrinkage"] = shrinkage;
        var training = new TrainingSummary
        {
            Rows = table.RowCount,
            Epochs = 1,
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            FinalLosses = losses,
        };
        var model = new GaussianCopula(schema, training, options, marginals, correlation, shrinkage);
        progress?.Report(new TrainingProgress(1, 1, losses, null));
        return model;
    }

    /// <summary>Every constraint whose column the model has and that some latent value meets: in practice, all of them.</summary>
    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return conditions.Constraints.Where(c => Constrain(c) is not null).ToArray();
    }

    /// <summary>Draws rows from the latent normal, truncated to the conditions' box when there are conditions. Same seed, same rows.</summary>
    public DataTable Generate(int count, RowConditions? conditions, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sets = new Dictionary<int, Interval[]>();
        foreach (var constraint in conditions?.Constraints ?? [])
        {
            if (Constrain(constraint) is not { } dimensions) continue;
            for (var d = 0; d < dimensions.Length; d++)
            {
                if (dimensions[d] is { } set) sets[_offsets[constraint.LearnedIndex] + d] = set;
            }
        }
        var sampler = new LatentSampler(_correlation, sets, _options.BurnIn, _options.Thin, _options.Chains);
        var learned = new double[_marginals.Count][];
        for (var i = 0; i < learned.Length; i++) learned[i] = new double[count];
        var row = 0;
        sampler.Sample(count, new Random(seed), z =>
        {
            for (var i = 0; i < _marginals.Count; i++) learned[i][row] = _marginals[i].Decode(z.AsSpan(_offsets[i], _marginals[i].Dimensions));
            row++;
        });
        return Schema.Build(learned);
    }

    private Interval[]?[]? Constrain(ColumnConstraint constraint)
    {
        var index = constraint.LearnedIndex;
        if (index < 0 || index >= _marginals.Count || Schema.Learned[index].Name != constraint.Column.Name) return null;
        return _marginals[index].Constrain(constraint);
    }

    /// <summary>Nothing: the parameters in synthesizer.json are the whole model.</summary>
    public void SaveFiles(string directory)
    {
    }
}
