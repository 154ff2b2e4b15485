namespace Arcanum.Data.Tables;

/// <summary>
/// Typed columns of equal length, usually read from a file. Holds patient data, so
/// <see cref="ToString"/> shows only the shape.
/// </summary>
public sealed class DataTable
{
    private readonly Dictionary<string, Column> _byName;

    public DataTable(IReadOnlyList<Column> columns, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        _byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Length != columns[0].Length)
                throw new ArgumentException($"Column '{c.Name}' has {c.Length} rows; column '{columns[0].Name}' has {columns[0].Length}.", nameof(columns));
            if (!_byName.TryAdd(c.Name, c))
                throw new ArgumentException($"Column name '{c.Name}' appears twice.", nameof(columns));
        }
        Columns = columns;
        Source = source;
    }

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount => Columns[0].Length;

    /// <summary>The file the table was read from, when it was.</summary>
    public string? Source { get; }

    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns there are.</exception>
    public Column this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            if (_byName.TryGetValue(name, out var column)) return column;
            throw new KeyNotFoundException($"{Describe()} has no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");
        }
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>A table with the same columns holding the given rows, in the given order.</summary>
    public DataTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
        {
            if (r < 0 || r >= RowCount)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {r} is outside 0..{RowCount - 1}.");
        }
        return new DataTable(Columns.Select(c => c.Select(rows)).ToArray(), Source);
    }

    private string Describe() => Source is null ? "The table" : $"Table '{Path.GetFileName(Source)}'";

    public override string ToString() =>
        $"DataTable({RowCount} rows x {Columns.Count} columns{(Source is null ? "" : $", from {Path.GetFileName(Source)}")})";
}
