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
        [.. Settable(options).Select(p => p.Name)];

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
            var properties = Settable(options).ToDictionary(p => p.Name, StringComparer.Ordinal);
            var problems = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(item.Name))
                {
                    problems.Add($"\"{item.Name}\" is given twice.");
                    continue;
                }
                if (!properties.TryGetValue(item.Name, out var property))
                {
                    problems.Add($"\"{item.Name}\" is not a job key.{NearestName.Suggestion(item.Name, properties.Keys)} Known keys: {string.Join(", ", properties.Keys)}.");
                    continue;
                }
                if (TypeProblem(item.Name, item.Value, property) is { } problem) problems.Add(problem);
            }
            return problems;
        }
    }

    private static IEnumerable<JsonPropertyInfo> Settable(JsonSerializerOptions options) =>
        options.GetTypeInfo(typeof(JobSpec)).Properties.Where(p => p.Set is not null);

    private static string? TypeProblem(string key, JsonElement value, JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (value.ValueKind == JsonValueKind.Null)
            return CanBeNull(property) ? null : $"{key} cannot be null; leave the key out to use its default.";
        if (type == typeof(int))
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : $"{key} must be a whole number, e.g. {key}: 10 (got {Shown(value)}).";
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
