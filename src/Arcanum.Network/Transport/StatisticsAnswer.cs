using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Federated.Statistics;
using Arcanum.Core.IO;

namespace Arcanum.Network.Transport;

/// <summary>
/// A site's answer to QUERY_STATISTICS (schemas/statistics-answer.schema.json): its own released table
/// and the sums the server may merge, restricted to what that table shows (<see cref="ReleasedSums"/>).
/// </summary>
public sealed record StatisticsAnswer(StatisticsTable Table, ReleasedSums Sums)
{
    public string ToJson() => new JsonObject
    {
        ["table"] = StatisticsJson.Table(Table),
        ["sums"] = new JsonObject
        {
            ["epsilon_spent"] = Sums.EpsilonSpent,
            ["noise_scale"] = Sums.NoiseScale,
            ["groups"] = new JsonArray([.. Sums.Groups.Select(g => (JsonNode?)new JsonObject
            {
                ["group"] = g.Group,
                ["rows"] = g.Rows,
                ["columns"] = new JsonArray([.. g.Columns.Select(c => (JsonNode?)new JsonObject
                {
                    ["column"] = c.Column,
                    ["missing"] = c.Missing,
                    ["bins"] = new JsonArray([.. c.Bins.Select(b => (JsonNode?)b)]),
                    ["sum"] = c.Sum,
                    ["sum_squares"] = c.SumSquares,
                })]),
            })]),
        },
    }.ToJsonString();

    /// <exception cref="FormatException">Not an answer of this shape.</exception>
    public static StatisticsAnswer Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json).Object();
            var table = StatisticsJsonReader.Table(root.Required("table").Object());
            var sums = root.Required("sums").Object();
            var groups = sums.RequiredArray("groups").Select(g => g.Object()).Select(g => new ReleasedGroup(
                g.Required<string>("group"),
                Share(g["rows"]),
                g.RequiredArray("columns").Select(c => c.Object()).Select(c => new ReleasedColumn(
                    c.Required<string>("column"),
                    Share(c["missing"]),
                    [.. c.RequiredArray("bins").Select(Share)],
                    Share(c["sum"]),
                    Share(c["sum_squares"]))).ToList())).ToList();
            var released = new ReleasedSums(table.Source, groups,
                sums.Required<double>("epsilon_spent"), sums.Required<double>("noise_scale"));
            return new StatisticsAnswer(table, released);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or StatisticsException
                                      or InvalidDataException)
        {
            throw new FormatException($"The statistics answer is not valid: {e.Message}", e);
        }
    }

    /// <summary>
    /// The answer fits <paramref name="query"/>: every group carries the query's columns in order, on its
    /// bins, and the table describes the same groups and columns.
    /// </summary>
    /// <exception cref="FormatException">It does not.</exception>
    public void CheckAgainst(StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var g in Sums.Groups)
        {
            if (!g.Columns.Select(c => c.Column).SequenceEqual(query.Columns, StringComparer.Ordinal))
                throw new FormatException($"$.sums: group '{g.Group}' does not hold the query's columns in order.");
            if (g.Columns.Any(c => c.Bins.Length != query.Bins))
                throw new FormatException($"$.sums: group '{g.Group}' does not have the query's {query.Bins} bins.");
        }
        if (Sums.Groups.Select(g => g.Group).Distinct(StringComparer.Ordinal).Count() != Sums.Groups.Count)
            throw new FormatException("$.sums: a group is named twice.");
        var expected = Sums.Groups.SelectMany(g => query.Columns.Select(c => (g.Group, c)));
        if (!Table.Rows.Select(r => (r.Group, r.Column)).SequenceEqual(expected))
            throw new FormatException("$.table: its rows are not one per group and column of the sums.");
        if (Table.Rows.Any(r => r.Histogram.Count != query.Bins || r.Quantiles.Count != query.QuantilesWanted.Count))
            throw new FormatException($"$.table: a row does not have {query.Bins} bins and the query's quantiles.");
    }

    private static double? Share(JsonNode? node) => node?.GetValue<double>();
}
