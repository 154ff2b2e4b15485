using System.Text;
using System.Text.Json;

namespace Arcanum.Deid;

/// <summary>
/// Reads and writes <c>spans.jsonl</c>: one JSON object per line,
/// <c>{"file":"a.txt","start":10,"end":17,"type":"NAME","length":7}</c>. Reading checks every line and names the
/// line of the first bad one.
/// </summary>
public static class SpansJsonl
{
    /// <summary>One line, without the newline.</summary>
    public static string Format(SpanRecord span)
    {
        var buffer = new StringBuilder(96);
        buffer.Append("{\"file\":").Append(JsonSerializer.Serialize(span.File))
            .Append(",\"start\":").Append(span.Start)
            .Append(",\"end\":").Append(span.End)
            .Append(",\"type\":\"").Append(PhiTypes.ToName(span.Type))
            .Append("\",\"length\":").Append(span.Length).Append('}');
        return buffer.ToString();
    }

    public static void Write(TextWriter writer, SpanRecord span) => writer.WriteLine(Format(span));

    /// <summary>Every span in the file, in file order; a malformed line throws naming the file and line.</summary>
    public static IEnumerable<SpanRecord> Read(string path)
    {
        if (!File.Exists(path)) throw new DeidInputException($"Span file '{path}' does not exist.");
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, path, number);
        }
    }

    private static SpanRecord Parse(string line, string path, int number)
    {
        string Where() => $"'{path}' line {number}";
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DeidInputException($"{Where()} is not a JSON object.");
            var file = Required(root, "file", JsonValueKind.String, Where).GetString()!;
            var start = Required(root, "start", JsonValueKind.Number, Where).GetInt32();
            var end = Required(root, "end", JsonValueKind.Number, Where).GetInt32();
            var typeName = Required(root, "type", JsonValueKind.String, Where).GetString()!;
            if (!PhiTypes.TryParse(typeName, out var type))
                throw new DeidInputException($"{Where()} has an unknown type; the types are "
                    + $"{string.Join(", ", PhiTypes.All.Select(PhiTypes.ToName))}.");
            if (start < 0 || end <= start)
                throw new DeidInputException($"{Where()} needs 0 <= start < end.");
            return new SpanRecord(file, start, end, type);
        }
        catch (JsonException)
        {
            throw new DeidInputException($"{Where()} is not valid JSON.");
        }
        catch (FormatException)
        {
            throw new DeidInputException($"{Where()}: start and end must be whole numbers.");
        }
    }

    private static JsonElement Required(JsonElement root, string name, JsonValueKind kind, Func<string> where) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new DeidInputException($"{where()} needs a \"{name}\" {(kind == JsonValueKind.String ? "string" : "number")}.");
}
