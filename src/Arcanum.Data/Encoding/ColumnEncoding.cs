using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>Writes the features of one column into a row-major buffer.</summary>
internal static class ColumnEncoding
{
    public static void Write(EncodedColumn spec, Column column, float[] output, int offset, int width)
    {
        var indicator = spec.MissingIndicator ? offset + spec.FeatureCount - 1 : -1;
        Dictionary<string, int>? index = spec.Encoding == EncodingKind.OneHot
            ? spec.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal)
            : null;
        for (var r = 0; r < column.Length; r++)
        {
            var row = (long)r * width;
            var isMissing = column.IsMissing(r);
            if (indicator >= 0) output[row + indicator] = isMissing ? 1f : 0f;
            switch (spec.Encoding)
            {
                case EncodingKind.Standardise:
                    output[row + offset] = isMissing ? 0f : (float)((Number(spec, column, r) - spec.Mean) / spec.Std);
                    break;
                case EncodingKind.Binary when spec.Levels.Count == 1:
                    output[row + offset] = isMissing ? (float)spec.Mean : Level(column, r) == spec.Levels[0] ? 1f : 0f;
                    break;
                case EncodingKind.OneHot when !isMissing && index!.TryGetValue(Level(column, r), out var k):
                    output[row + offset + k] = 1f;
                    break;
            }
        }
    }

    private static double Number(EncodedColumn spec, Column column, int row)
    {
        if (column is NumericColumn numeric && (numeric.Type == ColumnType.Date) == (spec.Type == ColumnType.Date)) return numeric[row];
        var text = column.RawValue(row)!;
        var ok = spec.Type == ColumnType.Date ? Cells.TryParseDate(text, out var v) : Cells.TryParseNumber(text, out v);
        if (!ok)
            throw new ArgumentException($"Column '{spec.Name}' row {row} is not a {(spec.Type == ColumnType.Date ? "date" : "number")}, but the encoder was fitted on {spec.Type.ToString().ToLowerInvariant()} values; read the file with a type override so it matches training.");
        return v;
    }

    // Numbers are compared in canonical spelling so that a site reading "1.0" matches training's "1".
    private static string Level(Column column, int row)
    {
        var text = column.RawValue(row)!;
        return column is IdentifierColumn && Cells.TryParseNumber(text, out var v) ? Cells.FormatNumber(v) : text;
    }
}
