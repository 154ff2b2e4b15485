using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>
/// Turns a target column into class labels, either positive-vs-rest or one class per distinct value.
/// On one table use <see cref="Encode"/>. Across sites, each site sends its <see cref="DistinctValues"/>,
/// the server decides the classes with <see cref="ClassNamesFrom"/>, and each site labels its rows with
/// <see cref="EncodeWith"/>: the labels are those <see cref="Encode"/> gives on the pooled table.
/// </summary>
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
        var (rows, values) = Read(table, target);
        var classes = ClassNames(LevelOrder.Sort(values), target, positive, $"{rows.Count} rows of {Describe(table)}");
        return Label(table, target, classes, positive, rows, values);
    }

    /// <summary>
    /// Labels with classes decided elsewhere (by <see cref="ClassNamesFrom"/> on every site's values), so every
    /// site numbers its classes the same way. Unlike <see cref="Encode"/> the table may show only one class, or none.
    /// </summary>
    /// <param name="table">The table holding the target.</param>
    /// <param name="target">The target column's name.</param>
    /// <param name="classNames">
    /// With <paramref name="positive"/>: exactly ["not &lt;positive&gt;", positive]. Without: the classes in label
    /// order; every target value must be one of them, compared as text.
    /// </param>
    /// <param name="positive">The value that is class 1, matched as in <see cref="Encode"/>; null for one class per value.</param>
    /// <exception cref="ArgumentException">Class names that do not fit <paramref name="positive"/>, or a target value not among them.</exception>
    public static TargetEncoding EncodeWith(DataTable table, string target, IReadOnlyList<string> classNames, string? positive)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(classNames);
        CheckClassNames(target, classNames, positive);
        var (rows, values) = Read(table, target);
        return Label(table, target, classNames.ToArray(), positive, rows, values);
    }

    /// <summary>The distinct values of the target in this table, missing left out, in class order.</summary>
    public static IReadOnlyList<string> DistinctValues(DataTable table, string target)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return LevelOrder.Sort(Read(table, target).Values);
    }

    /// <summary>
    /// The classes <see cref="Encode"/> would give on all sites' rows pooled, from each site's <see cref="DistinctValues"/>,
    /// with the same errors (fewer than two classes, a positive value that never occurs, too many classes).
    /// </summary>
    public static IReadOnlyList<string> ClassNamesFrom(IEnumerable<string> distinctValuesFromAllSites, string target, string? positive)
    {
        ArgumentNullException.ThrowIfNull(distinctValuesFromAllSites);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return ClassNames(LevelOrder.Sort(distinctValuesFromAllSites), target, positive, "all sites' values");
    }

    private static (List<int> Rows, List<string> Values) Read(DataTable table, string target)
    {
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
        return (rows, values);
    }

    // seen: the distinct values, sorted; where: where they come from, for messages.
    private static string[] ClassNames(string[] seen, string target, string? positive, string where)
    {
        if (seen.Length < 2)
            throw new ArgumentException($"Target '{target}' has {(seen.Length == 0 ? "no values" : $"a single value \"{seen[0]}\"")} in {where}; at least two classes are needed.");
        if (positive is null)
        {
            if (seen.Length > MaxClasses)
                throw new ArgumentException($"Target '{target}' has {seen.Length} distinct values, more than {MaxClasses} classes; it looks continuous. Pass a positive value to make it binary.");
            return seen;
        }
        var p = positive.Trim();
        var positives = seen.Count(v => Matches(v, p));
        if (positives == 0)
            throw new ArgumentException($"Positive value \"{p}\" does not occur in target '{target}' of {where}. Values seen: {List(seen)}.");
        if (positives == seen.Length)
            throw new ArgumentException($"Every value of target '{target}' in {where} is \"{p}\"; at least two classes are needed.");
        return [$"not {p}", p];
    }

    private static void CheckClassNames(string target, IReadOnlyList<string> classNames, string? positive)
    {
        if (positive is not null)
        {
            var p = positive.Trim();
            if (classNames.Count != 2 || classNames[0] != $"not {p}" || classNames[1] != p)
                throw new ArgumentException($"With positive value \"{p}\" the classes of target '{target}' must be [not {p}, {p}], not [{List(classNames)}].", nameof(classNames));
            return;
        }
        if (classNames.Count < 2 || classNames.Count > MaxClasses)
            throw new ArgumentException($"Target '{target}' needs between 2 and {MaxClasses} classes; {classNames.Count} were given.", nameof(classNames));
        if (classNames.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Class \"{twice.Key}\" of target '{target}' is listed twice.", nameof(classNames));
    }

    private static TargetEncoding Label(DataTable table, string target, string[] classes, string? positive, List<int> rows, List<string> values)
    {
        var dropped = table.RowCount - rows.Count;
        if (positive is not null)
        {
            var p = classes[1];
            return new TargetEncoding(target, values.Select(v => Matches(v, p) ? 1 : 0).ToArray(), classes, rows.ToArray(), dropped);
        }
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var labels = new int[values.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = index.TryGetValue(values[i], out var k) ? k
                : throw new ArgumentException($"Target '{target}' of {Describe(table)} has value \"{values[i]}\", which is not one of the study's classes [{List(classes)}].");
        }
        return new TargetEncoding(target, labels, classes, rows.ToArray(), dropped);
    }

    private static bool Matches(string value, string positive) =>
        string.Equals(value, positive, StringComparison.Ordinal)
        || (Cells.TryParseNumber(value, out var a) && Cells.TryParseNumber(positive, out var b) && a == b);

    private static string List(IReadOnlyList<string> values) =>
        values.Count <= 20 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(20))} and {values.Count - 20} more";

    private static string Describe(DataTable table) => table.Source is null ? "the table" : Path.GetFileName(table.Source);
}
