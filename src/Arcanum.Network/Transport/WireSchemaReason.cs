using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace Arcanum.Network.Transport;

/// <summary>
/// Turns a failed schema evaluation into one sentence a site's developer can act on: the deepest
/// failing JSON path, what the schema expected there (with its description) and what came.
/// </summary>
internal static class WireSchemaReason
{
    // Keywords that only combine other checks: their sub-checks carry the useful message.
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal) { "allOf", "anyOf", "oneOf", "if", "then", "else", "$ref", "properties", "items", "contentSchema" };

    private sealed record Failure(string InstanceLocation, int Depth, string Keyword, JsonElement? Subschema, string SchemaLocation, string LibraryMessage)
    {
        public bool UnknownField => SchemaLocation.EndsWith("/additionalProperties", StringComparison.Ordinal) && Subschema is { ValueKind: JsonValueKind.False };
    }

    /// <param name="results">A failed evaluation, in the hierarchical format.</param>
    /// <param name="instance">The document evaluated.</param>
    /// <param name="root">The schema it was evaluated against.</param>
    /// <param name="byId">Every schema by its $id, to follow $refs.</param>
    public static string Of(EvaluationResults results, JsonElement instance, JsonElement root, IReadOnlyDictionary<string, JsonElement> byId)
    {
        var schemas = new Schemas(root, byId);
        var failures = new List<Failure>();
        Collect(results, schemas, failures);
        if (failures.Count == 0) return "$: does not match its schema";
        // The deepest failure is the most specific; an unknown field only when nothing else is wrong
        // (a missing field is the better news when a site put it under another name).
        var known = failures.Where(f => !f.UnknownField).ToList();
        if (known.Count > 0) failures = known;
        var deepest = failures.Max(f => f.Depth);
        var here = failures.Where(f => f.Depth == deepest).ToList();
        var location = here[0].InstanceLocation;
        var value = JsonPointer.Parse(location).Evaluate(instance);
        var path = PathOf(location, instance);
        // Alternatives (anyOf branches) failing at one place: list what each would have taken.
        var expectations = here.Where(f => f.Keyword is "type" or "enum" or "const").ToList();
        if (expectations.Count > 1)
        {
            var expected = string.Join(" or ", expectations.Select(f => Expected(f)).Distinct());
            return $"{path}: expected {expected}{Hint(Owner(here[0], schemas))}, got {Describe(value)}";
        }
        return $"{path}: {Message(here[0], value, schemas)}";
    }

    /// <summary>The failures of a hierarchical result, entering only failed nodes: a failed branch of a passing anyOf, or the inside of a passing "not", is no failure.</summary>
    private static void Collect(EvaluationResults node, Schemas schemas, List<Failure> into)
    {
        if (node.IsValid) return;
        if (node.Errors is { Count: > 0 } errors)
        {
            var location = node.InstanceLocation.ToString();
            var path = node.EvaluationPath.ToString();
            foreach (var (keyword, message) in errors)
            {
                if (Structural.Contains(keyword)) continue;
                into.Add(new Failure(location, node.InstanceLocation.SegmentCount, keyword, schemas.At(path), path, message));
            }
        }
        // An "if" that fails only picks "else"; it is not a failure.
        foreach (var child in node.Details ?? [])
        {
            if (!child.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)) Collect(child, schemas, into);
        }
    }

    private static string Message(Failure f, JsonElement? value, Schemas schemas)
    {
        var s = f.Subschema;
        string Number(string keyword) => s is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(keyword, out var v) ? v.GetRawText() : "?";
        var got = Describe(value);
        switch (f.Keyword)
        {
            case "type" or "enum" or "const":
                return $"expected {Expected(f)}{Hint(s)}, got {got}";
            case "required":
                var missing = Names(s, "required").Where(n => value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty(n, out _)).ToList();
                return missing.Count == 1 ? $"lacks the required field '{missing[0]}'" : $"lacks the required fields {string.Join(", ", missing.Select(m => $"'{m}'"))}";
            case "minimum": return $"expected at least {Number("minimum")}{Hint(s)}, got {got}";
            case "exclusiveMinimum": return $"expected more than {Number("exclusiveMinimum")}{Hint(s)}, got {got}";
            case "maximum": return $"expected at most {Number("maximum")}{Hint(s)}, got {got}";
            case "exclusiveMaximum": return $"expected less than {Number("exclusiveMaximum")}{Hint(s)}, got {got}";
            case "minItems": return $"expected at least {Number("minItems")} item(s){Hint(s)}, got {got}";
            case "maxItems": return $"expected at most {Number("maxItems")} item(s){Hint(s)}, got {got}";
            case "minLength": return $"expected at least {Number("minLength")} character(s){Hint(s)}, got {got}";
            case "maxLength": return $"expected at most {Number("maxLength")} characters{Hint(s)}, got {got}";
            case "maxProperties": return $"expected at most {Number("maxProperties")} entries{Hint(s)}, got {got}";
            case "uniqueItems": return $"expected distinct items{Hint(s)}, got {got} with a repeated item";
            case "pattern": return $"expected {Description(s) ?? $"text matching /{PatternOf(s)}/"}, got {got}";
            case "not": return $"expected {Description(s) ?? "something else"}, got {got}";
        }
        if (s is { ValueKind: JsonValueKind.False })
        {
            var name = f.InstanceLocation[(f.InstanceLocation.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (f.SchemaLocation.EndsWith("/additionalProperties", StringComparison.Ordinal))
            {
                var parent = schemas.At(f.SchemaLocation[..^"/additionalProperties".Length]);
                var known = parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(x => x.Name).ToList() : [];
                return $"unknown field '{name}'" + (known.Count > 0 ? $"; expected only {string.Join(", ", known)}" : "");
            }
            return $"field '{name}' is not allowed here";
        }
        return f.LibraryMessage;
    }

    private static string Expected(Failure f)
    {
        var s = f.Subschema;
        if (s is not { ValueKind: JsonValueKind.Object } o) return "something else";
        return f.Keyword switch
        {
            "type" => o.GetProperty("type") is { ValueKind: JsonValueKind.Array } list
                ? string.Join(" or ", list.EnumerateArray().Select(t => Article(t.GetString()!)))
                : Article(o.GetProperty("type").GetString()!),
            "enum" => "one of " + string.Join(", ", o.GetProperty("enum").EnumerateArray().Select(e => e.GetRawText())),
            "const" => o.GetProperty("const").GetRawText(),
            _ => "something else",
        };
    }

    /// <summary>The subschema that holds an anyOf whose branch failed, for its description.</summary>
    private static JsonElement? Owner(Failure f, Schemas schemas)
    {
        var at = f.SchemaLocation.LastIndexOf("/anyOf/", StringComparison.Ordinal);
        return at < 0 ? f.Subschema : schemas.At(f.SchemaLocation[..at]);
    }

    private static string Hint(JsonElement? subschema) => Description(subschema) is { } d && d.Length <= 120 ? $" ({d})" : "";

    private static string? Description(JsonElement? subschema) =>
        subschema is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("description", out var d) ? d.GetString() : null;

    private static string PatternOf(JsonElement? s) => s is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("pattern", out var p) ? p.GetString()! : "";

    private static IEnumerable<string> Names(JsonElement? s, string keyword) =>
        s is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(keyword, out var a) ? a.EnumerateArray().Select(x => x.GetString()!) : [];

    private static string Article(string type) => type switch
    {
        "object" => "an object",
        "array" => "an array",
        "integer" => "an integer",
        "null" => "null",
        _ => "a " + type,
    };

    /// <summary>What arrived, briefly: the kind, and the value for scalars ("a string \"abc\"", "the number -1").</summary>
    internal static string Describe(JsonElement? value)
    {
        if (value is not { } v) return "nothing";
        return v.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => $"an array of {v.GetArrayLength()}",
            JsonValueKind.String => $"a string {Shorten(v.GetRawText())}",
            JsonValueKind.Number => $"the number {Shorten(v.GetRawText())}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.GetRawText()}",
            JsonValueKind.Null => "null",
            _ => v.ValueKind.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>A JSON pointer as a JSONPath-like path: "/features/0" is "$.features[0]".</summary>
    internal static string PathOf(string pointer, JsonElement root)
    {
        var path = new StringBuilder("$");
        JsonElement? at = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.None).Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (at is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path.Append('[').Append(index).Append(']');
                at = index < array.GetArrayLength() ? array[index] : null;
                continue;
            }
            path.Append(IsPlain(segment) ? "." + segment : $"[{JsonSerializer.Serialize(segment)}]");
            at = at is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(segment, out var next) ? next : null;
        }
        return path.ToString();
    }

    private static bool IsPlain(string name) => name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Finds the subschema at an evaluation path ("/properties/a/$ref/items"), following $refs.</summary>
    private sealed class Schemas(JsonElement root, IReadOnlyDictionary<string, JsonElement> byId)
    {
        public JsonElement? At(string evaluationPath)
        {
            var document = root;
            JsonElement node = root;
            string? previous = null;
            foreach (var raw in evaluationPath.Split('/').Skip(1))
            {
                var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (segment == "$ref" && node.ValueKind == JsonValueKind.Object && node.TryGetProperty("$ref", out var reference))
                {
                    var text = reference.GetString()!;
                    var hash = text.IndexOf('#', StringComparison.Ordinal);
                    var file = hash < 0 ? text : text[..hash];
                    if (file.Length > 0)
                    {
                        var id = document.GetProperty("$id").GetString()!;
                        if (!byId.TryGetValue(new Uri(new Uri(id), file).ToString(), out document)) return null;
                    }
                    var fragment = hash < 0 ? "" : text[(hash + 1)..];
                    if (fragment.Length == 0) node = document;
                    else if (JsonPointer.TryParse(fragment, out var pointer) && pointer.Evaluate(document) is { } target) node = target;
                    else return null;
                }
                else if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child)) node = child;
                else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < node.GetArrayLength()) node = node[i];
                else if (segment != previous) return null;   // the library repeats "items" in some paths
                previous = segment;
            }
            return node;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
