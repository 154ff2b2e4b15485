using Arcanum.Federated.SecureAggregation;
using System.Text.Json;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Statistics;

namespace Arcanum.Network.Transport;

/// <summary>
/// The rules of a schema-valid document that a schema cannot state: numbers that must add up, and
/// whatever the C# reader of the document refuses (its message is passed on). Null when consistent.
/// </summary>
internal static class WireConsistency
{
    public static string? Check(WireDocument kind, JsonElement root, string json) => kind switch
    {
        WireDocument.Job => Reader(() => JobSpec.Parse(json, "The job")),
        WireDocument.Setup => Setup(root, json),
        WireDocument.FeatureEncoder => Reader(() => FeatureEncoder.FromJson(json)),
        WireDocument.EncoderStatistics => Reader(() => EncoderStatistics.FromJson(json)),
        // The server's own reader first: it refuses what a schema lets through (3.0 for a count).
        WireDocument.DescribeResult => Reader(() => WireJson.Read<DescribeResult>(json, "description")) ?? Describe(root),
        WireDocument.StatisticsResult => Reader(() => WireJson.Read<StatisticsResult>(json, "statistics result")) ?? Statistics(root),
        WireDocument.TrainResult => Reader(() => WireJson.Read<TrainResult>(json, "training result"))
            ?? (root.TryGetProperty("evaluation", out var e) && e.ValueKind == JsonValueKind.Object ? Evaluation(e, "$.evaluation") : null),
        WireDocument.EvaluateResult => Reader(() => WireJson.Read<EvaluateResult>(json, "evaluation result")) ?? Evaluation(root.GetProperty("evaluation"), "$.evaluation"),
        WireDocument.StatisticsQuery => Reader(() => StatisticsQueryJson.Parse(json)),
        WireDocument.StatisticsAnswer => Reader(() => StatisticsAnswer.Parse(json)),
        WireDocument.SecureStep => Reader(() => WireJson.Read<SecureRequest>(json, "secure-aggregation step")),
        WireDocument.SecureReply => Reader(() => WireJson.Read<SecureReply>(json, "secure-aggregation reply")),
        WireDocument.MaskedTrainResult => Reader(() => WireJson.Read<MaskedTrainResult>(json, "masked training result"))
            ?? (root.TryGetProperty("evaluation", out var m) && m.ValueKind == JsonValueKind.Object ? Evaluation(m, "$.evaluation") : null),
        _ => null,
    };

    private static string? Setup(JsonElement root, string json)
    {
        if (Reader(() => StudySetup.FromJson(json)) is { } why) return why;
        if (root.GetProperty("encoder") is not { ValueKind: JsonValueKind.String } encoder) return null;
        return WireSchemas.Check(WireDocument.FeatureEncoder, encoder.GetString()) is { } inner ? $"$.encoder (a JSON document in a string): {inner}" : null;
    }

    private static string? Describe(JsonElement root)
    {
        if (!root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array) return null;
        var features = root.GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToList();
        var names = columns.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        if (names.Count != features.Count) return $"$.columns: expected one entry per feature ({features.Count}), got {names.Count}";
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != features[i]) return $"$.columns[{i}].name: expected \"{features[i]}\" (the feature at the same position), got \"{names[i]}\"";
        }
        return null;
    }

    private static string? Statistics(JsonElement root)
    {
        var statistics = root.GetProperty("statistics");
        if (Reader(() => EncoderStatistics.FromJson(statistics.GetRawText())) is { } why) return "$.statistics: " + why[3..];
        var train = root.GetProperty("train_rows").GetInt64();
        var holdout = root.GetProperty("holdout_rows").GetInt64();
        var counts = Longs(root.GetProperty("class_counts"));
        if (counts.Sum() != train) return $"$.class_counts: expected counts adding up to train_rows ({train}), got {counts.Sum()}";
        var rows = statistics.GetProperty("row_count").GetInt64();
        if (rows != train) return $"$.statistics.row_count: expected train_rows ({train}), got {rows}";
        if (root.TryGetProperty("holdout_class_counts", out var h) && h.ValueKind == JsonValueKind.Array)
        {
            var held = Longs(h);
            if (held.Length != counts.Length) return $"$.holdout_class_counts: expected one count per class ({counts.Length}), got {held.Length}";
            if (held.Sum() != holdout) return $"$.holdout_class_counts: expected counts adding up to holdout_rows ({holdout}), got {held.Sum()}";
        }
        return null;
    }

    private static string? Evaluation(JsonElement evaluation, string path)
    {
        var rows = evaluation.GetProperty("holdout_rows").GetInt64();
        var bins = evaluation.GetProperty("calibration").EnumerateArray().ToList();
        long total = 0;
        var previous = -1;
        for (var i = 0; i < bins.Count; i++)
        {
            var at = $"{path}.calibration[{i}]";
            var bin = bins[i].GetProperty("bin").GetInt32();
            if (bin <= previous) return $"{at}.bin: expected bins in ascending order, each once, got {bin} after {previous}";
            previous = bin;
            var count = bins[i].GetProperty("count").GetInt64();
            total += count;
            // Probabilities and outcomes are at most 1 per row; a little slack for float sums.
            if (bins[i].GetProperty("predicted_sum").GetDouble() > count * (1 + 1e-6)) return $"{at}.predicted_sum: expected at most count ({count}), got {bins[i].GetProperty("predicted_sum").GetRawText()}";
            if (bins[i].GetProperty("observed_sum").GetDouble() > count * (1 + 1e-6)) return $"{at}.observed_sum: expected at most count ({count}), got {bins[i].GetProperty("observed_sum").GetRawText()}";
        }
        if (total != rows) return $"{path}.calibration: expected bin counts adding up to holdout_rows ({rows}), got {total}";
        if (!evaluation.TryGetProperty("score_histograms", out var h) || h.ValueKind != JsonValueKind.Object) return null;
        return WireJson.Read<SparseHistograms>(h.GetRawText(), "score histograms").Problem(rows, path + ".score_histograms");
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private static string? Reader(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception e) when (e is FormatException or JobSpecException or ArgumentException or StatisticsException)
        {
            // WireJson's messages carry the path already ("The X is not valid: $.train_rows: ..."): lead with it.
            var message = e.Message.ReplaceLineEndings(" ");
            var at = message.IndexOf("is not valid: $", StringComparison.Ordinal);
            return at >= 0 ? message[(at + "is not valid: ".Length)..] : "$: " + message;
        }
    }
}
