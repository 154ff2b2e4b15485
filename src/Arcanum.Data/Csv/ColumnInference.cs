using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>
/// Picks a column type from its non-missing cells. The rules, in order:
/// an id-like name (id, *_id, ptno, pid, patient_id, mrn) with all values unique -> Identifier;
/// all whole numbers -> Binary when exactly 2 distinct values, else Integer;
/// all numbers -> Numeric; at least 90% numbers with at most 3 distinct stray texts -> Numeric
/// (so the reader reports the stray cells as errors); all ISO dates -> Date;
/// other text -> Binary with exactly 2 distinct values, Identifier when there are at least 20
/// values and more than 90% are distinct, else Categorical. A column with no values is Numeric.
/// </summary>
internal static class ColumnInference
{
    public const int IdentifierMinRows = 20;
    public const double IdentifierUniqueRatio = 0.9;

    private static readonly HashSet<string> IdNames = new(StringComparer.OrdinalIgnoreCase) { "id", "ptno", "pid", "patient_id", "patientid", "mrn" };

    public static ColumnType Infer(string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return ColumnType.Numeric;
        var distinct = values.Distinct(StringComparer.Ordinal).Count();
        var allUnique = distinct == values.Count;
        if (allUnique && LooksLikeId(name) && values.Count >= 2) return ColumnType.Identifier;
        if (values.All(v => Cells.TryParseInteger(v, out _)))
        {
            return CountNumbers(values) == 2 ? ColumnType.Binary : ColumnType.Integer;
        }
        if (values.All(v => Cells.TryParseNumber(v, out _))) return ColumnType.Numeric;
        if (IsNumericWithStrayText(values)) return ColumnType.Numeric;
        if (values.All(v => Cells.TryParseDate(v, out _))) return ColumnType.Date;
        if (distinct == 2) return ColumnType.Binary;
        if (values.Count >= IdentifierMinRows && distinct > IdentifierUniqueRatio * values.Count) return ColumnType.Identifier;
        return ColumnType.Categorical;
    }

    /// <summary>
    /// A column of numbers with a few stray words ("abc", "unknown") is a data error, not a
    /// categorical column: typing it Numeric makes the reader stop at the first stray cell with its
    /// line and column, instead of silently one-hot encoding hundreds of measurements.
    /// </summary>
    internal static bool IsNumericWithStrayText(IReadOnlyList<string> values)
    {
        if (values.Count < StrayTextMinValues) return false;
        var stray = values.Where(v => !Cells.TryParseNumber(v, out _)).ToList();
        return stray.Count <= (1 - StrayTextNumericShare) * values.Count
               && stray.Distinct(StringComparer.Ordinal).Count() <= StrayTextMaxDistinct;
    }

    public const int StrayTextMinValues = 10;
    public const double StrayTextNumericShare = 0.9;
    public const int StrayTextMaxDistinct = 3;

    public static bool LooksLikeId(string name) =>
        IdNames.Contains(name) || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase);

    // "1" and "01" are the same number: count distinct values, not distinct texts.
    private static int CountNumbers(IReadOnlyList<string> values)
    {
        var set = new HashSet<double>();
        foreach (var v in values)
        {
            Cells.TryParseNumber(v, out var x);
            set.Add(x);
            if (set.Count > 2) break;
        }
        return set.Count;
    }
}
