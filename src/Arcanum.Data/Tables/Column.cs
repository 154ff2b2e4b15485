namespace Arcanum.Data.Tables;

/// <summary>
/// One named column of a <see cref="DataTable"/>. Holds patient-derived values, so
/// <see cref="ToString"/> shows only its name, type and counts.
/// </summary>
public abstract class Column
{
    private protected Column(string name, ColumnType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public abstract int Length { get; }

    public abstract bool IsMissing(int row);

    public int MissingCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < Length; i++)
            {
                if (IsMissing(i)) n++;
            }
            return n;
        }
    }

    /// <summary>
    /// The cell as text: the level for categorical and binary columns, the identifier, a number
    /// in invariant shortest round-trip form ("2", "106.1") or a date as yyyy-MM-dd; null when missing.
    /// </summary>
    public abstract string? RawValue(int row);

    /// <summary>A column of the same name and type holding the given rows, in order.</summary>
    public abstract Column Select(IReadOnlyList<int> rows);

    public override string ToString() => $"{Name} ({Type}, {Length} rows, {MissingCount} missing)";
}
