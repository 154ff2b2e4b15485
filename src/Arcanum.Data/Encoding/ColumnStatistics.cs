using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>
/// Sufficient statistics of one feature column at one site (or several merged): counts and exact
/// sums for numeric-like columns, level counts for categorical and binary ones. Aggregates only.
/// </summary>
public sealed class ColumnStatistics
{
    internal ColumnStatistics(string name, ColumnType type, long count, long missingCount, ExactSum sum, ExactSum sumOfSquares, IReadOnlyDictionary<string, long> levelCounts)
    {
        Name = name;
        Type = type;
        Count = count;
        MissingCount = missingCount;
        ExactSum = sum;
        ExactSumOfSquares = sumOfSquares;
        LevelCounts = levelCounts;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>Rows with a value.</summary>
    public long Count { get; }

    public long MissingCount { get; }

    public double Sum => ExactSum.ToDouble();

    public double SumOfSquares => ExactSumOfSquares.ToDouble();

    /// <summary>Rows per level, for categorical and binary columns; empty otherwise.</summary>
    public IReadOnlyDictionary<string, long> LevelCounts { get; }

    internal ExactSum ExactSum { get; }

    internal ExactSum ExactSumOfSquares { get; }

    public bool IsNumeric => Type is ColumnType.Numeric or ColumnType.Integer or ColumnType.Date;

    /// <summary>The mean of the values; 0 when there are none.</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The population variance, (n·Σx² − (Σx)²) / n², computed exactly before one rounding.</summary>
    public double Variance =>
        Count == 0 ? 0 : Math.Max(0, ExactSumOfSquares.Multiply(Count).Add(ExactSum.Multiply(ExactSum).Negate()).ToDouble() / ((double)Count * Count));

    internal static ColumnStatistics Compute(Column column)
    {
        if (column.Type == ColumnType.Identifier)
            throw new ArgumentException($"Column '{column.Name}' is an identifier and cannot be a feature; leave it out (FeatureColumns.Default does).");
        long count = 0, missing = 0;
        var sum = ExactSum.Zero;
        var squares = ExactSum.Zero;
        var levels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var r = 0; r < column.Length; r++)
        {
            if (column.IsMissing(r))
            {
                missing++;
                continue;
            }
            count++;
            if (column is NumericColumn numeric)
            {
                var x = numeric[r];
                sum = sum.Add(ExactSum.Of(x));
                squares = squares.Add(ExactSum.Of(x).Multiply(ExactSum.Of(x)));
            }
            else
            {
                var level = column.RawValue(r)!;
                levels[level] = levels.GetValueOrDefault(level) + 1;
            }
        }
        return new ColumnStatistics(column.Name, column.Type, count, missing, sum, squares, levels);
    }

    internal static ColumnStatistics Merge(ColumnStatistics a, ColumnStatistics b)
    {
        var type = MergedType(a, b);
        var levels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in a.LevelCounts.Concat(b.LevelCounts)) levels[k] = levels.GetValueOrDefault(k) + v;
        if (type == ColumnType.Binary && levels.Count > 2) type = ColumnType.Categorical;
        return new ColumnStatistics(a.Name, type, a.Count + b.Count, a.MissingCount + b.MissingCount,
            a.ExactSum.Add(b.ExactSum), a.ExactSumOfSquares.Add(b.ExactSumOfSquares), levels);
    }

    private static ColumnType MergedType(ColumnStatistics a, ColumnStatistics b)
    {
        if (a.Type == b.Type) return a.Type;
        if (a.Type is ColumnType.Numeric or ColumnType.Integer && b.Type is ColumnType.Numeric or ColumnType.Integer) return ColumnType.Numeric;
        if (a.Type is ColumnType.Binary or ColumnType.Categorical && b.Type is ColumnType.Binary or ColumnType.Categorical) return ColumnType.Categorical;
        throw new ArgumentException($"Column '{a.Name}' holds {Kind(a.Type)} at one site and {Kind(b.Type)} at another; write it the same way at every site " +
            "(e.g. codes as numbers everywhere), or list it in the job's \"exclude\".");
    }

    private static string Kind(ColumnType type) => type switch
    {
        ColumnType.Numeric or ColumnType.Integer => "numbers",
        ColumnType.Binary or ColumnType.Categorical => "categories (text)",
        ColumnType.Date => "dates",
        _ => type.ToString().ToLowerInvariant(),
    };

    public override string ToString() => $"{Name} ({Type}): {Count} values, {MissingCount} missing, {LevelCounts.Count} levels";
}
