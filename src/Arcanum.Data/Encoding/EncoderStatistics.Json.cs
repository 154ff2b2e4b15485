using System.Buffers;
using System.Text.Json;

namespace Arcanum.Data.Encoding;

/// <summary>
/// The wire form sites send to the server: compact JSON, one object per feature column, e.g.
/// <code>
/// {"version":1,"row_count":4,"columns":[
///   {"name":"age","type":"integer","count":3,"missing":1,"sum":"182","sum_of_squares":"11284"},
///   {"name":"bili","type":"numeric","count":4,"missing":0,"sum":"29p-2","sum_of_squares":"265p-4"},
///   {"name":"sex","type":"binary","count":4,"missing":0,"levels":{"F":3,"M":1}}]}
/// </code>
/// <list type="bullet">
/// <item><c>type</c> is numeric, integer, date (these carry <c>sum</c> and <c>sum_of_squares</c>), binary or categorical (these carry <c>levels</c>: rows per level, at most <see cref="MaxLevels"/>).</item>
/// <item><c>count</c> + <c>missing</c> = <c>row_count</c> for every column.</item>
/// <item>Sums are exact: a decimal integer mantissa, then <c>p</c> and a binary exponent when not zero
/// ("-3p-52" is −3 × 2⁻⁵²), so merging what was read equals merging what was sent, bit for bit.</item>
/// </list>
/// </summary>
public sealed partial class EncoderStatistics
{
    /// <summary>The wire format's version; bump when the meaning of a field changes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Most levels one column may carry: more is free text or an identifier, not a feature.</summary>
    public const int MaxLevels = 100_000;

    /// <summary>The wire form described on this type; <see cref="FromJson"/> reads it back exactly.</summary>
    /// <exception cref="InvalidOperationException">A column has more than <see cref="MaxLevels"/> levels.</exception>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteNumber("row_count", RowCount);
            w.WriteStartArray("columns");
            foreach (var column in Columns) WriteColumn(w, column);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="ToJson"/>'s form. The text comes from the network, so everything is checked.</summary>
    /// <exception cref="FormatException">
    /// Not valid JSON, another version, a missing or unknown field, a negative or inconsistent count, an unknown type,
    /// a sum that is not exact text, more than <see cref="MaxLevels"/> levels, or a column named twice; the message says which.
    /// </exception>
    public static EncoderStatistics FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Invalid($"not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid($"expected a JSON object, found {Kind(root)}");
            // The version comes first: a newer sender may use fields this reader does not know.
            var version = root.TryGetProperty("version", out var v) ? v : throw Invalid("missing field 'version'");
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != FormatVersion)
                throw Invalid($"unsupported version {version.GetRawText()}; this program reads version {FormatVersion}");

            var fields = Fields(root, "the document", "version", "row_count", "columns");
            var rowCount = Count(Required(fields, "row_count", "the document"), "row_count", "the document");
            var list = Required(fields, "columns", "the document");
            if (list.ValueKind != JsonValueKind.Array) throw Invalid($"'columns' must be an array, found {Kind(list)}");
            if (list.GetArrayLength() == 0) throw Invalid("'columns' is empty; at least one feature column is needed");

            var columns = new List<ColumnStatistics>(list.GetArrayLength());
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in list.EnumerateArray())
            {
                var column = ReadColumn(element, columns.Count, rowCount);
                if (!names.Add(column.Name)) throw Invalid($"column '{column.Name}' is listed twice");
                columns.Add(column);
            }
            return new EncoderStatistics(columns, rowCount);
        }
    }

    /// <summary>The object's fields by name, refusing duplicates (which readers resolve differently) and unknown names.</summary>
    private static Dictionary<string, JsonElement> Fields(JsonElement element, string where, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"{where} must be a JSON object, found {Kind(element)}");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                throw Invalid($"{where} has unknown field '{Shorten(property.Name)}'; expected {string.Join(", ", known.Select(k => $"'{k}'"))}");
            if (!fields.TryAdd(property.Name, property.Value)) throw Invalid($"{where} has field '{property.Name}' twice");
        }
        return fields;
    }

    private static JsonElement Required(Dictionary<string, JsonElement> fields, string name, string where) =>
        fields.TryGetValue(name, out var value) ? value : throw Invalid($"{where} lacks field '{name}'");

    private static long Count(JsonElement element, string name, string where)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var count))
            throw Invalid($"'{name}' of {where} must be a whole number, found {Shorten(element.GetRawText())}");
        return count >= 0 ? count : throw Invalid($"'{name}' of {where} is negative ({count})");
    }

    private static FormatException Invalid(string problem) => new($"Invalid encoder statistics: {problem}.");

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    /// <summary>Hostile text can be long; messages quote only its start.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
