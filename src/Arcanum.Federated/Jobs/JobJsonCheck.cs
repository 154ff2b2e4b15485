using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Arcanum.Federated.Jobs;

/// <summary>
/// Checks a job's JSON against <see cref="JobSpec"/>'s keys and types before it is read, so that
/// every problem is told in the job file's own words ("rounds must be a whole number") rather than
/// as a .NET type name, and a mistyped key gets the nearest known key.
/// </summary>
internal static class JobJsonCheck
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The keys a job file may have, in declaration order.</summary>
    public static IReadOnlyList<string> Keys(JsonSerializerOptions options) =>
        [.. Settable(typeof(JobSpec), options).Select(p => p.Name)];

    /// <summary>Every problem with the JSON's shape; empty when it can be read.</summary>
    public static IReadOnlyList<string> Problems(string json, JsonSerializerOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            return [$"it is not valid JSON{where}: {FirstSentence(e.Message)}"];
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return ["it must be a JSON object: { \"data\": \"pbc3\", \"rounds\": 10, ... }"];
            var problems = new List<string>();
            ObjectProblems(document.RootElement, typeof(JobSpec), "", options, problems);
            return problems;
        }
    }

    /// <summary>Unknown, repeated and mistyped keys of one object; nested objects (e.g. "dp") are checked the same way, their keys named "dp.epsilon".</summary>
    private static void ObjectProblems(JsonElement element, Type type, string prefix, JsonSerializerOptions options, List<string> problems)
    {
        var properties = Settable(type, options).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var what = prefix.Length == 0 ? "a job key" : $"a key of \"{prefix.TrimEnd('.')}\"";
        foreach (var item in element.EnumerateObject())
        {
            var key = prefix + item.Name;
            if (!seen.Add(item.Name))
            {
                problems.Add($"\"{key}\" is given twice.");
                continue;
            }
            if (!properties.TryGetValue(item.Name, out var property))
            {
                problems.Add($"\"{key}\" is not {what}.{NearestName.Suggestion(item.Name, properties.Keys)} Known keys: {string.Join(", ", properties.Keys)}.");
                continue;
            }
            var nested = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsSection(nested) && item.Value.ValueKind == JsonValueKind.Object)
                ObjectProblems(item.Value, nested, key + ".", options, problems);
            else if (IsSection(nested) && item.Value.ValueKind != JsonValueKind.Null)
                problems.Add($"{key} must be an object, e.g. {key}: {{ ... }} (got {Shown(item.Value)}).");
            else if (TypeProblem(key, item.Value, property) is { } problem) problems.Add(problem);
        }
    }

    /// <summary>A record of settings written as a JSON object (not text, a number or a list).</summary>
    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && !type.IsAssignableTo(typeof(System.Collections.IEnumerable));

    private static IEnumerable<JsonPropertyInfo> Settable(Type type, JsonSerializerOptions options) =>
        options.GetTypeInfo(type).Properties.Where(p => p.Set is not null);

    private static string? TypeProblem(string key, JsonElement value, JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (value.ValueKind == JsonValueKind.Null)
            return CanBeNull(property) ? null : $"{key} cannot be null; leave the key out to use its default.";
        if (type == typeof(int))
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : $"{key} must be a whole number, e.g. {key}: 10 (got {Shown(value)}).";
        if (type == typeof(bool))
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{key} must be true or false, without quotes (got {Shown(value)}).";
        if (type == typeof(double))
            return value.ValueKind == JsonValueKind.Number ? null : $"{key} must be a number, e.g. {key}: 0.5 (got {Shown(value)}).";
        if (type == typeof(string))
            return value.ValueKind == JsonValueKind.String ? null : $"{key} must be text in quotes, e.g. {key}: \"{(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "...")}\" (got {Shown(value)}).";
        if (type == typeof(IReadOnlyList<string>))
            return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
                ? null : $"{key} must be a list of names in quotes, e.g. {key}: [\"id\", \"days\"] (got {Shown(value)}).";
        if (type == typeof(IReadOnlyList<int>))
            return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _))
                ? null : $"{key} must be a list of whole numbers, e.g. {key}: [64, 32] (got {Shown(value)}).";
        return null;
    }

    private static bool CanBeNull(JsonPropertyInfo property)
    {
        if (property.PropertyType.IsValueType) return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        return property.AttributeProvider is PropertyInfo info && Nullability.Create(info).WriteState != NullabilityState.NotNull;
    }

    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\", text in quotes",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => value.GetRawText(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.') + ".";
    }
}
