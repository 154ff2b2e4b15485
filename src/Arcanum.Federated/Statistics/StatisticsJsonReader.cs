using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;

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
            StatisticsQueryJson.FromNode(root.Required("query").Object()),
            root.RequiredArray("sites").Select(t => Table(t.Object())).ToList(),
            Table(root.Required("global").Object())));
    }

    /// <exception cref="StatisticsException">Not a table of this shape.</exception>
    public static StatisticsTable Table(JsonObject t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Guard(() => new StatisticsTable(
            t.Required<string>("source"),
            t.Required<int>("min_cell_count"),
            t.Required<double>("epsilon_spent"),
            t.Required<double>("noise_scale"),
            t.RequiredArray("rows").Select(r => Row(r.Object())).ToList(),
            t.RequiredArray("notes").Values<string>().ToList()));
    }

    private static StatisticsRow Row(JsonObject r) => new(
        r.Required<string>("group"),
        r.Required<string>("column"),
        Value(r["rows"]), Value(r["count"]), Value(r["missing"]), Value(r["mean"]), Value(r["variance"]),
        r.RequiredArray("histogram").Select(Value).ToList(),
        r.RequiredArray("quantiles").Select(q => new QuantileEstimate(
            q.Required<double>("p"),
            Value(q.Object()["value"]),
            q.Required<double>("error_bound"),
            q.Required<bool>("at_range_end"))).ToList());

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
                                      or InvalidDataException)
        {
            throw new StatisticsException($"The statistics document is not of the expected shape: {e.Message}", e);
        }
    }
}
