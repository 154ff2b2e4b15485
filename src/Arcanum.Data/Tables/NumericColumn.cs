
namespace Arcanum.Data.Tables;

/// <summary>A <see cref="ColumnType.Numeric"/>, <see cref="ColumnType.Integer"/> or <see cref="ColumnType.Date"/> column: doubles, NaN missing.</summary>
public sealed class NumericColumn : Column
{
    private readonly double[] _values;

    public NumericColumn(string name, ColumnType type, double[] values)
        : base(name, type)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (type is not (ColumnType.Numeric or ColumnType.Integer or ColumnType.Date))
            throw new ArgumentException($"A numeric column cannot have type {type}.", nameof(type));
        _values = values;
    }

    public override int Length => _values.Length;

    /// <summary>The value (days since 1970-01-01 for dates); NaN when missing.</summary>
    public double this[int row] => _values[row];

    public IReadOnlyList<double> Values => _values;

    public override bool IsMissing(int row) => double.IsNaN(_values[row]);

    public override string? RawValue(int row)
    {
        var v = _values[row];
        if (double.IsNaN(v)) return null;
        return Type == ColumnType.Date ? Cells.FormatDate(v) : Cells.FormatNumber(v);
    }

    public override Column Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new double[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = _values[rows[i]];
        return new NumericColumn(Name, Type, values);
    }
}
