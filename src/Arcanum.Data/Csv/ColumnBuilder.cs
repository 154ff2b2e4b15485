using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>Turns the cells of one column into a typed <see cref="Column"/>, naming the line of the first cell that does not fit.</summary>
internal static class ColumnBuilder
{
    public static Column Build(RawTable raw, int index, ColumnType type)
    {
        var name = raw.Header[index];
        var n = raw.Rows.Count;
        switch (type)
        {
            case ColumnType.Identifier:
            {
                var values = new string?[n];
                for (var r = 0; r < n; r++) values[r] = raw.Rows[r][index];
                return new IdentifierColumn(name, values);
            }
            case ColumnType.Categorical or ColumnType.Binary:
                return BuildCategorical(raw, index, type);
            default:
            {
                var values = new double[n];
                for (var r = 0; r < n; r++)
                {
                    var cell = raw.Rows[r][index];
                    values[r] = cell is null ? double.NaN : Parse(cell, type, raw, r, name);
                }
                return new NumericColumn(name, type, values);
            }
        }
    }

    private static double Parse(string cell, ColumnType type, RawTable raw, int row, string name)
    {
        double v;
        switch (type)
        {
            case ColumnType.Integer when Cells.TryParseInteger(cell, out v):
            case ColumnType.Numeric when Cells.TryParseNumber(cell, out v):
            case ColumnType.Date when Cells.TryParseDate(cell, out v):
                return v;
            case ColumnType.Integer when Cells.TryParseNumber(cell, out _):
                throw Error(raw, row, name, "the cell is not a whole number (column is integer)");
            case ColumnType.Date:
                throw Error(raw, row, name, "the cell is not a date like 2024-01-31 (column is date)");
            default:
                throw Error(raw, row, name, $"the cell is not a number (column is {type.ToString().ToLowerInvariant()}; write a missing value as an empty cell or NA)");
        }
    }

    private static CategoricalColumn BuildCategorical(RawTable raw, int index, ColumnType type)
    {
        var name = raw.Header[index];
        var cells = raw.Rows.Select(r => r[index]).ToArray();
        // Numbers get one spelling ("01" and "1.0" read as "1"), the same one numeric columns show.
        var numeric = cells.All(c => c is null || Cells.TryParseNumber(c, out _));
        var texts = cells.Select(c => c is null ? null : numeric ? Canonical(c) : c).ToArray();
        var seen = new List<string>();
        for (var r = 0; r < texts.Length; r++)
        {
            if (texts[r] is not { } t || seen.Contains(t, StringComparer.Ordinal)) continue;
            seen.Add(t);
            if (type == ColumnType.Binary && seen.Count > 2)
                throw Error(raw, r, name, "the cell is a third distinct value (column is binary)");
        }
        var levels = LevelOrder.Sort(seen);
        var lookup = levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var codes = texts.Select(t => t is null ? -1 : lookup[t]).ToArray();
        return new CategoricalColumn(name, type, levels, codes);
    }

    private static string Canonical(string cell)
    {
        Cells.TryParseNumber(cell, out var v);
        return Cells.FormatNumber(v);
    }

    private static DataFormatException Error(RawTable raw, int row, string column, string detail) =>
        DataFormatException.At(raw.Source, raw.Lines[row], column, detail);
}
