using Arcanum.Core.Learning;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>
/// Turns table rows into float features exactly as training did: numbers standardised with the
/// training mean and std (missing -> mean, plus a <c>_missing</c> indicator when training had gaps),
/// binary columns as one 0/1 feature, categorical columns one-hot over the training levels
/// (numeric order when all are numbers, else ordinal; an unseen level gives all zeros).
/// Save it with <see cref="ToJson"/> next to the model.
/// </summary>
public sealed partial class FeatureEncoder
{
    private FeatureEncoder(IReadOnlyList<EncodedColumn> columns)
    {
        Columns = columns;
        FeatureNames = columns.SelectMany(c => c.FeatureNames()).ToArray();
    }

    public IReadOnlyList<EncodedColumn> Columns { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => FeatureNames.Count;

    /// <summary>The source columns a table must have to be encoded.</summary>
    public IEnumerable<string> SourceColumns => Columns.Select(c => c.Name);

    public static FeatureEncoder Fit(EncoderStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new FeatureEncoder(statistics.Columns.Select(FitColumn).ToArray());
    }

    /// <summary>Fits on the given columns of one table (training rows only).</summary>
    public static FeatureEncoder Fit(DataTable training, IReadOnlyList<string> featureColumns) =>
        Fit(EncoderStatistics.Compute(training, featureColumns));

    private static EncodedColumn FitColumn(ColumnStatistics s)
    {
        var missing = s.MissingCount > 0;
        if (s.IsNumeric)
        {
            var std = Math.Sqrt(s.Variance);
            return new EncodedColumn
            {
                Name = s.Name, Type = s.Type, Encoding = EncodingKind.Standardise,
                Mean = s.Mean, Std = std > 0 && double.IsFinite(std) ? std : 1, MissingIndicator = missing,
            };
        }
        var levels = LevelOrder.Sort(s.LevelCounts.Keys);
        if (s.Type == ColumnType.Binary)
        {
            string[] one = levels.Length == 0 ? [] : [levels[^1]];
            var share = one.Length == 0 || s.Count == 0 ? 0 : (double)s.LevelCounts[one[0]] / s.Count;
            return new EncodedColumn
            {
                Name = s.Name, Type = s.Type, Encoding = EncodingKind.Binary, Mean = share, Levels = one, MissingIndicator = missing,
            };
        }
        return new EncodedColumn { Name = s.Name, Type = s.Type, Encoding = EncodingKind.OneHot, Levels = levels, MissingIndicator = missing };
    }

    /// <summary>Row-major features, <c>table.RowCount</c> x <see cref="FeatureCount"/>.</summary>
    /// <exception cref="ArgumentException">The table lacks a feature column, or a value cannot be read as the encoder expects.</exception>
    public float[] Encode(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var missing = Columns.Where(c => !table.Contains(c.Name)).Select(c => c.Name).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"Cannot encode {table}: it lacks feature column{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}. The encoder was fitted on: {string.Join(", ", SourceColumns)}.", nameof(table));

        var width = FeatureCount;
        var output = new float[(long)table.RowCount * width];
        var offset = 0;
        foreach (var spec in Columns)
        {
            ColumnEncoding.Write(spec, table[spec.Name], output, offset, width);
            offset += spec.FeatureCount;
        }
        return output;
    }

    /// <summary>The encoded rows with their labels, shaped [<see cref="FeatureCount"/>].</summary>
    public TensorDataset ToDataset(DataTable table, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != table.RowCount)
            throw new ArgumentException($"The table has {table.RowCount} rows but {labels.Length} labels were given; select the rows the labels belong to first (TargetEncoding.Rows).", nameof(labels));
        return new TensorDataset(Encode(table), labels, [FeatureCount], classCount);
    }

    public override string ToString() => $"FeatureEncoder({Columns.Count} columns -> {FeatureCount} features)";
}
