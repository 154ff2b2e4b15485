using System.Text.Json;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>One column of the wire form (see <see cref="EncoderStatistics.ToJson"/>).</summary>
public sealed partial class EncoderStatistics
{
    private static readonly string[] ColumnFields = ["name", "type", "count", "missing", "sum", "sum_of_squares", "levels"];

    private static void WriteColumn(Utf8JsonWriter w, ColumnStatistics column)
    {
        if (column.LevelCounts.Count > MaxLevels)
            throw new InvalidOperationException($"Column '{column.Name}' has {column.LevelCounts.Count} levels, more than the {MaxLevels} its statistics may carry; exclude it (it looks like free text or an identifier).");
        w.WriteStartObject();
        w.WriteString("name", column.Name);
        w.WriteString("type", TypeName(column.Type));
        w.WriteNumber("count", column.Count);
        w.WriteNumber("missing", column.MissingCount);
        if (column.IsNumeric)
        {
            w.WriteString("sum", column.ExactSum.ToText());
            w.WriteString("sum_of_squares", column.ExactSumOfSquares.ToText());
        }
        else
        {
            w.WriteStartObject("levels");
            foreach (var (level, count) in column.LevelCounts.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteNumber(level, count);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static ColumnStatistics ReadColumn(JsonElement element, int index, long rowCount)
    {
        var fields = Fields(element, $"column {index + 1}", ColumnFields);
        var nameElement = Required(fields, "name", $"column {index + 1}");
        var name = nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : "";
        if (string.IsNullOrWhiteSpace(name)) throw Invalid($"column {index + 1} has no name");
        var where = $"column '{Shorten(name)}'";

        var typeElement = Required(fields, "type", where);
        var type = typeElement.ValueKind == JsonValueKind.String ? ParseType(typeElement.GetString()!) : null;
        if (type is null)
            throw Invalid($"{where} has unknown type {Shorten(typeElement.GetRawText())}; expected \"numeric\", \"integer\", \"date\", \"binary\" or \"categorical\"");
        var count = Count(Required(fields, "count", where), "count", where);
        var missing = Count(Required(fields, "missing", where), "missing", where);
        if (missing > rowCount || count != rowCount - missing)
            throw Invalid($"{where} counts {count} values and {missing} missing, which is not the {rowCount} rows of the document");

        var numeric = type is ColumnType.Numeric or ColumnType.Integer or ColumnType.Date;
        var wrong = numeric ? "levels" : fields.ContainsKey("sum") ? "sum" : "sum_of_squares";
        if (fields.ContainsKey(wrong)) throw Invalid($"{where} is {TypeName(type.Value)} and cannot have '{wrong}'");
        if (numeric)
        {
            var sum = Sum(Required(fields, "sum", where), "sum", where);
            var squares = Sum(Required(fields, "sum_of_squares", where), "sum_of_squares", where);
            if (squares.Mantissa.Sign < 0) throw Invalid($"{where} has a negative sum of squares");
            if (count == 0 && !(sum.Mantissa.IsZero && squares.Mantissa.IsZero)) throw Invalid($"{where} has no values but non-zero sums");
            return new ColumnStatistics(name, type.Value, count, missing, sum, squares, new SortedDictionary<string, long>(StringComparer.Ordinal));
        }
        var levels = Levels(Required(fields, "levels", where), where, count);
        if (type == ColumnType.Binary && levels.Count > 2) throw Invalid($"{where} is binary but has {levels.Count} levels");
        return new ColumnStatistics(name, type.Value, count, missing, ExactSum.Zero, ExactSum.Zero, levels);
    }

    private static ExactSum Sum(JsonElement element, string name, string where)
    {
        if (element.ValueKind == JsonValueKind.String && ExactSum.TryParseText(element.GetString(), out var sum)) return sum;
        throw Invalid($"'{name}' of {where} is {Shorten(element.GetRawText())}, not an exact finite sum; expected a string holding an integer mantissa and an optional binary exponent, such as \"-3p-52\"");
    }

    private static SortedDictionary<string, long> Levels(JsonElement element, string where, long count)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"'levels' of {where} must be a JSON object, found {Kind(element)}");
        var size = element.EnumerateObject().Count();
        if (size > MaxLevels) throw Invalid($"{where} has {size} levels, more than {MaxLevels}");
        var levels = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var level in element.EnumerateObject())
        {
            var n = Count(level.Value, $"levels.{Shorten(level.Name)}", where);
            if (n == 0) throw Invalid($"level '{Shorten(level.Name)}' of {where} has a count of 0");
            if (!levels.TryAdd(level.Name, n)) throw Invalid($"{where} has level '{Shorten(level.Name)}' twice");
            if (n > count - total) throw Invalid($"the level counts of {where} add up to more than its {count} values");
            total += n;
        }
        return total == count ? levels : throw Invalid($"the level counts of {where} add up to {total}, not its {count} values");
    }

    private static string TypeName(ColumnType type) => type.ToString().ToLowerInvariant();

    private static ColumnType? ParseType(string name) => name switch
    {
        "numeric" => ColumnType.Numeric,
        "integer" => ColumnType.Integer,
        "date" => ColumnType.Date,
        "binary" => ColumnType.Binary,
        "categorical" => ColumnType.Categorical,
        _ => null,
    };
}
