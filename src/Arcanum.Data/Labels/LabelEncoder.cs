using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>Turns a target column into class labels, either positive-vs-rest or one class per distinct value.</summary>
public static class LabelEncoder
{
    /// <summary>More distinct values than this in a multi-class target is almost surely a continuous column.</summary>
    public const int MaxClasses = 100;

    /// <param name="table">The table holding the target.</param>
    /// <param name="target">The target column's name.</param>
    /// <param name="positive">
    /// The value that is class 1 ("2", "malignant", "pos"), compared with the cell text (and as a number
    /// when both are numbers, so "2" matches "2.0"); every other value is class 0, named "not &lt;positive&gt;".
    /// Null makes one class per distinct value, sorted numerically when all are numbers, else ordinally.
    /// </param>
    /// <returns>Labels for the rows with a target value; rows with a missing target are dropped and counted.</returns>
    public static TargetEncoding Encode(DataTable table, string target, string? positive = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var column = table[target];
        var rows = new List<int>(table.RowCount);
        var values = new List<string>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            if (column.RawValue(r) is { } v)
            {
                rows.Add(r);
                values.Add(v);
            }
        }
        var seen = LevelOrder.Sort(values);
        var dropped = table.RowCount - rows.Count;
        if (seen.Length < 2)
            throw new ArgumentException($"Target '{target}' has {(seen.Length == 0 ? "no values" : $"a single value \"{seen[0]}\"")} in {rows.Count} rows of {Describe(table)}; at least two classes are needed.");
        return positive is null
            ? MultiClass(target, values, seen, rows, dropped)
            : PositiveVsRest(table, target, positive.Trim(), values, seen, rows, dropped);
    }

    private static TargetEncoding MultiClass(string target, List<string> values, string[] classes, List<int> rows, int dropped)
    {
        if (classes.Length > MaxClasses)
            throw new ArgumentException($"Target '{target}' has {classes.Length} distinct values, more than {MaxClasses} classes; it looks continuous. Pass a positive value to make it binary.");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var labels = values.Select(v => index[v]).ToArray();
        return new TargetEncoding(target, labels, classes, rows.ToArray(), dropped);
    }

    private static TargetEncoding PositiveVsRest(DataTable table, string target, string positive, List<string> values, string[] seen, List<int> rows, int dropped)
    {
        var labels = values.Select(v => Matches(v, positive) ? 1 : 0).ToArray();
        var positives = labels.Count(y => y == 1);
        if (positives == 0)
            throw new ArgumentException($"Positive value \"{positive}\" does not occur in target '{target}' of {Describe(table)}. Values seen: {List(seen)}.");
        if (positives == labels.Length)
            throw new ArgumentException($"Every row of {Describe(table)} has target '{target}' = \"{positive}\"; at least two classes are needed.");
        return new TargetEncoding(target, labels, [$"not {positive}", positive], rows.ToArray(), dropped);
    }

    private static bool Matches(string value, string positive) =>
        string.Equals(value, positive, StringComparison.Ordinal)
        || (Cells.TryParseNumber(value, out var a) && Cells.TryParseNumber(positive, out var b) && a == b);

    private static string List(string[] values) =>
        values.Length <= 20 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(20))} and {values.Length - 20} more";

    private static string Describe(DataTable table) => table.Source is null ? "the table" : Path.GetFileName(table.Source);
}
