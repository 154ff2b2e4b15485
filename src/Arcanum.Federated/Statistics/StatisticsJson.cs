using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// The JSON shape of a <see cref="StatisticsReport"/>: a released number is a number, a withheld one the
/// string "withheld", an undefined one null, so no consumer can mistake a withheld cell for 0.
/// <see cref="StatisticsJsonReader"/> reads it back.
/// </summary>
public static class StatisticsJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Serialize(StatisticsReport report) => ToNode(report).ToJsonString(Indented);

    public static JsonObject ToNode(StatisticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new JsonObject
        {
            ["query"] = StatisticsQueryJson.ToNode(report.Query),
            ["sites"] = new JsonArray([.. report.Sites.Select(t => (JsonNode?)Table(t))]),
            ["global"] = Table(report.Global),
        };
    }

    /// <summary>One source's table in the report's shape (a site sends its own release in it).</summary>
    public static JsonObject Table(StatisticsTable t) => new()
    {
        ["source"] = t.Source,
        ["min_cell_count"] = t.MinCellCount,
        ["epsilon_spent"] = t.EpsilonSpent,
        ["noise_scale"] = t.NoiseScale,
        ["rows"] = new JsonArray([.. t.Rows.Select(r => (JsonNode?)Row(r))]),
        ["notes"] = new JsonArray([.. t.Notes.Select(n => (JsonNode?)n)]),
    };

    private static JsonObject Row(StatisticsRow r) => new()
    {
        ["group"] = r.Group,
        ["column"] = r.Column,
        ["rows"] = Value(r.Rows),
        ["count"] = Value(r.Count),
        ["missing"] = Value(r.Missing),
        ["mean"] = Value(r.Mean),
        ["variance"] = Value(r.Variance),
        ["histogram"] = new JsonArray([.. r.Histogram.Select(Value)]),
        ["quantiles"] = new JsonArray([.. r.Quantiles.Select(q => (JsonNode?)new JsonObject
        {
            ["p"] = q.Probability,
            ["value"] = Value(q.Value),
            ["error_bound"] = q.ErrorBound,
            ["at_range_end"] = q.AtRangeEnd,
        })]),
    };

    private static JsonNode? Value(Cell c) => c.Status switch
    {
        CellStatus.Released => JsonValue.Create(c.Value),
        CellStatus.Withheld => JsonValue.Create("withheld"),
        _ => null,
    };
}
