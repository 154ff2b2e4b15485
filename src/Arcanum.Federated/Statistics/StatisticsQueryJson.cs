using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// The JSON shape of a <see cref="StatisticsQuery"/> (with the dataset it is about, when it travels to
/// sites): <c>{"data": "pbc3", "columns": ["age"], "ranges": {"age": [20, 80]}, "by": "sex",
/// "levels": ["0", "1"], "bins": 20, "quantiles": [0.25, 0.5, 0.75]}</c>. The same object sits under
/// "query" in a report, so a report says exactly what was asked.
/// </summary>
public static class StatisticsQueryJson
{
    public static JsonObject ToNode(StatisticsQuery query, string? data = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var node = new JsonObject();
        if (data is not null) node["data"] = data;
        node["columns"] = new JsonArray([.. query.Columns.Select(c => (JsonNode?)c)]);
        node["ranges"] = new JsonObject(query.Columns.Select(c =>
            KeyValuePair.Create(c, (JsonNode?)new JsonArray(query.RangeOf(c).Lower, query.RangeOf(c).Upper))));
        node["by"] = query.By;
        node["levels"] = query.ByLevels is null ? null : new JsonArray([.. query.ByLevels.Select(l => (JsonNode?)l)]);
        node["bins"] = query.Bins;
        node["quantiles"] = new JsonArray([.. query.QuantilesWanted.Select(p => (JsonNode?)p)]);
        return node;
    }

    public static string Serialize(string data, StatisticsQuery query) => ToNode(query, data).ToJsonString();

    /// <summary>A query document with its dataset; the query is checked on its own (not yet against a table).</summary>
    /// <exception cref="StatisticsException">Not such a document, or an inconsistent query.</exception>
    public static (string Data, StatisticsQuery Query) Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json ?? "");
        }
        catch (JsonException e)
        {
            throw new StatisticsException($"The statistics query is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject o) throw new StatisticsException("The statistics query must be a JSON object.");
        var data = Read(() => (string?)o["data"]) ?? "";
        if (string.IsNullOrWhiteSpace(data))
            throw new StatisticsException("The statistics query names no dataset (\"data\").");
        var query = FromNode(o);
        query.Validate();
        return (data, query);
    }

    /// <summary>The query under a report's or a document's keys.</summary>
    /// <exception cref="StatisticsException">A field of the wrong kind.</exception>
    public static StatisticsQuery FromNode(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Read(() =>
        {
            var columns = o["columns"]?.AsArray().Select(c => Text(c, "columns")).ToList() ?? [];
            var ranges = new Dictionary<string, ValueRange>(StringComparer.Ordinal);
            foreach (var (name, value) in o["ranges"]?.AsObject() ?? [])
            {
                if (value is not JsonArray pair || pair.Count != 2) throw new StatisticsException($"The range of '{name}' must be [low, high].");
                ranges[name] = new ValueRange(Number(pair[0], "ranges"), Number(pair[1], "ranges"));
            }
            var levels = o["levels"] is JsonArray l ? l.Select(x => Text(x, "levels")).ToList() : null;
            var quantiles = o["quantiles"] is JsonArray q ? q.Select(x => Number(x, "quantiles")).ToList() : null;
            var bins = o["bins"] is { } b ? (int)Number(b, "bins") : StatisticsQuery.DefaultBins;
            var by = o["by"] is { } y ? Text(y, "by") : null;
            return new StatisticsQuery(columns, ranges, by, levels, bins, quantiles);
        });
    }

    private static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new StatisticsException($"The statistics query has a field of the wrong kind: {e.Message}", e);
        }
    }

    private static string Text(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw new StatisticsException($"\"{field}\" in the statistics query must hold text.");

    private static double Number(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue<double>(out var d)
            ? d
            : throw new StatisticsException($"\"{field}\" in the statistics query must hold numbers.");
}
