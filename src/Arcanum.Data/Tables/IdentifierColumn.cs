namespace Arcanum.Data.Tables;

/// <summary>An <see cref="ColumnType.Identifier"/> column: one string per row (null missing); never a feature.</summary>
public sealed class IdentifierColumn : Column
{
    private readonly string?[] _values;

    public IdentifierColumn(string name, string?[] values)
        : base(name, ColumnType.Identifier)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    public override int Length => _values.Length;

    public override bool IsMissing(int row) => _values[row] is null;

    public override string? RawValue(int row) => _values[row];

    public override Column Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new string?[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = _values[rows[i]];
        return new IdentifierColumn(Name, values);
    }
}
