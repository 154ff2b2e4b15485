using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>
/// Per-column sufficient statistics of training rows, from which a <see cref="FeatureEncoder"/> is fitted.
/// Sites compute their own and the server merges them, so no rows are pooled;
/// <see cref="Merge"/> of the parts equals <see cref="Compute"/> of the concatenation exactly.
/// </summary>
public sealed partial class EncoderStatistics
{
    private EncoderStatistics(IReadOnlyList<ColumnStatistics> columns, long rowCount)
    {
        Columns = columns;
        RowCount = rowCount;
    }

    public IReadOnlyList<ColumnStatistics> Columns { get; }

    public long RowCount { get; }

    /// <exception cref="ArgumentException">No columns, a repeated name, or an identifier column.</exception>
    /// <exception cref="KeyNotFoundException">A column the table does not have.</exception>
    public static EncoderStatistics Compute(DataTable table, IReadOnlyList<string> featureColumns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(featureColumns);
        if (featureColumns.Count == 0) throw new ArgumentException("No feature columns given; name at least one.", nameof(featureColumns));
        var duplicate = featureColumns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Feature column '{duplicate.Key}' is listed twice.", nameof(featureColumns));
        var columns = featureColumns.Select(name => ColumnStatistics.Compute(table[name])).ToArray();
        return new EncoderStatistics(columns, table.RowCount);
    }

    /// <summary>Combines the statistics of several sites, which must describe the same columns in the same order.</summary>
    public static EncoderStatistics Merge(IEnumerable<EncoderStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToArray();
        if (list.Length == 0) throw new ArgumentException("Nothing to merge: no statistics given.", nameof(parts));
        var first = list[0];
        var columns = first.Columns.ToArray();
        var rows = first.RowCount;
        foreach (var part in list.Skip(1))
        {
            var names = part.Columns.Select(c => c.Name);
            if (!names.SequenceEqual(first.Columns.Select(c => c.Name), StringComparer.Ordinal))
                throw new ArgumentException($"Sites describe different feature columns: [{string.Join(", ", first.Columns.Select(c => c.Name))}] and [{string.Join(", ", names)}].", nameof(parts));
            for (var i = 0; i < columns.Length; i++) columns[i] = ColumnStatistics.Merge(columns[i], part.Columns[i]);
            rows += part.RowCount;
        }
        return new EncoderStatistics(columns, rows);
    }

    public override string ToString() => $"EncoderStatistics({Columns.Count} columns over {RowCount} rows)";
}
