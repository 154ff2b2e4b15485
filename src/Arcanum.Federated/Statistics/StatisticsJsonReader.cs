using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// Reads what <see cref="StatisticsJson"/> writes: a report (an admin prints the one the server sent)
/// or one table (a site's own release, as it travels to the server). "withheld" reads back as a
/// withheld cell and null as an undefined one, never as 0.
/// </summary>
public static class StatisticsJsonReader
{
    /// <exception cref="StatisticsException">Not a report of this shape.</exception>
    public static StatisticsReport Report(string json)
    {
        var root = Guard(() => JsonNode.Parse(json)?.AsObject())
            ?? throw new StatisticsException("The statistics report is empty.");
        return Guard(() => new StatisticsReport(
            StatisticsQueryJson.FromNode(root["query"]!.AsObject()),
            root["sites"]!.AsArray().Select(t => Table(t!.AsObject())).ToList(),
            Table(root["global"]!.AsObject())));
    }

    /// <exception cref="StatisticsException">Not a table of this shape.</exception>
    public static StatisticsTable Table(JsonObject t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Guard(() => new StatisticsTable(
            t["source"]!.GetValue<string>(),
            t["min_cell_count"]!.GetValue<int>(),
            t["epsilon_spent"]!.GetValue<double>(),
            t["noise_scale"]!.GetValue<double>(),
            t["rows"]!.AsArray().Select(r => Row(r!.AsObject())).ToList(),
            t["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ToList()));
    }

    private static StatisticsRow Row(JsonObject r) => new(
        r["group"]!.GetValue<string>(),
        r["column"]!.GetValue<string>(),
        Value(r["rows"]), Value(r["count"]), Value(r["missing"]), Value(r["mean"]), Value(r["variance"]),
        r["histogram"]!.AsArray().Select(Value).ToList(),
        r["quantiles"]!.AsArray().Select(q => new QuantileEstimate(
            q!["p"]!.GetValue<double>(),
            Value(q["value"]),
            q["error_bound"]!.GetValue<double>(),
            q["at_range_end"]!.GetValue<bool>())).ToList());

    private static Cell Value(JsonNode? node) => node switch
    {
        null => Cell.Undefined,
        JsonValue v when v.TryGetValue<string>(out var s) && s == "withheld" => Cell.Withheld,
        JsonValue v when v.TryGetValue<double>(out var d) => Cell.Of(d),
        _ => throw new StatisticsException(
            $"A statistics cell must be a number, \"withheld\" or null; got {node.ToJsonString()}."),
    };

    /// <summary>A missing field or one of the wrong kind becomes one clear error, not a null dereference.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException
                                      or NullReferenceException)
        {
            throw new StatisticsException($"The statistics document is not of the expected shape: {e.Message}", e);
        }
    }
}
