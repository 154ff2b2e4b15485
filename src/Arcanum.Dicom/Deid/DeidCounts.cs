namespace Arcanum.Dicom.Deid;

/// <summary>How many attributes each action touched: counts only, never a value. Summed over files for
/// summary.json.</summary>
public sealed class DeidCounts
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public const string Removed = "removed (X)";
    public const string Emptied = "emptied (Z)";
    public const string Dummied = "dummy (D)";
    public const string Kept = "kept, walked (K)";
    public const string Cleaned = "cleaned by removal (C)";
    public const string UidsReplaced = "uids replaced (U)";
    public const string PrivateRemoved = "private tags removed";
    public const string CurvesOverlaysRemoved = "curve and overlay data removed";
    public const string DatesShifted = "dates shifted";
    public const string DatesEmptied = "dates emptied (not a full date, cannot shift)";
    public const string TemporalRemoved = "dates and times removed (not in the profile)";

    public IReadOnlyDictionary<string, long> Values => _counts;

    public long this[string name] => _counts.GetValueOrDefault(name);

    public void Add(string name, long count = 1) => _counts[name] = this[name] + count;

    public void Add(DeidCounts other)
    {
        foreach (var (name, count) in other._counts) Add(name, count);
    }

    public override string ToString() => string.Join(", ", _counts.Select(c => $"{c.Key}: {c.Value}"));
}
