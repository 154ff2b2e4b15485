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
        if (Data.Images.ImagePreprocessing.IsImageJson(encoder.GetString()!))
        {
            Data.Images.ImagePreprocessing? p = null;
            if (Reader(() => p = Data.Images.ImagePreprocessing.FromJson(encoder.GetString()!)) is { } bad) return "$.encoder (an image preparation in a string): " + bad[3..];
            var shape = root.GetProperty("sample_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            return shape.SequenceEqual([p!.Channels, p.Size, p.Size]) ? null
                : $"$.sample_shape: expected [{p.Channels}, {p.Size}, {p.Size}] (the image preparation's channels and size), got [{string.Join(", ", shape)}]";
        }
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
        if (root.TryGetProperty("pixel_sums", out var pixels)) return PixelSums(root, pixels);
        // A notes or image-synthesis job's answer: counts alone (an image-synthesis job's condition maps ride in its payload).
        if (!root.TryGetProperty("statistics", out var statistics))
            return root.GetProperty("class_counts").GetArrayLength() == 0 ? null : "$.class_counts: a notes or image-synthesis job's answer has none ([]); a table job's needs statistics";
        if (Reader(() => EncoderStatistics.FromJson(statistics.GetRawText())) is { } why) return "$.statistics: " + why[3..];
        var train = root.GetProperty("train_rows").GetInt64();
        var holdout = root.GetProperty("holdout_rows").GetInt64();
        var counts = Longs(root.GetProperty("class_counts"));
        if (counts.Length < 2) return $"$.class_counts: expected one count per class, at least 2, got {counts.Length}";
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

    /// <summary>A segmentation job's STATISTICS answer: counts per class add up, one sum of squares per sum, pixels a whole number per image.</summary>
    private static string? PixelSums(JsonElement root, JsonElement pixels)
    {
        var train = root.GetProperty("train_rows").GetInt64();
        var counts = Longs(root.GetProperty("class_counts"));
        if (counts.Length != 2) return $"$.class_counts: expected 2 counts (images without and with foreground), got {counts.Length}";
        if (counts.Sum() != train) return $"$.class_counts: expected counts adding up to train_rows ({train}), got {counts.Sum()}";
        var (sums, squares) = (pixels.GetProperty("sum").GetArrayLength(), pixels.GetProperty("sum_of_squares").GetArrayLength());
        if (sums != squares) return $"$.pixel_sums.sum_of_squares: expected one per channel ({sums}), got {squares}";
        var count = pixels.GetProperty("count").GetInt64();
        if (train == 0 ? count != 0 : count % train != 0 || count == 0)
            return $"$.pixel_sums.count: expected train_rows ({train}) x the image's pixels, got {count}";
        return null;
    }

    private static string? Evaluation(JsonElement evaluation, string path)
    {
        if (evaluation.TryGetProperty("segmentation", out var segmentation)) return SegmentationEvaluation(evaluation, segmentation, path);
        if (evaluation.GetProperty("metrics").TryGetProperty("dice", out _)) return $"{path}.segmentation: segmentation metrics need their counts (patients, overlap)";
        if (evaluation.GetProperty("metrics").TryGetProperty("bits_per_byte", out _))
        {
            // A notes job's score: over holdout_rows tokens, nothing else with it.
            if (evaluation.GetProperty("calibration").GetArrayLength() > 0) return $"{path}.calibration: expected [] for a notes evaluation";
            return evaluation.TryGetProperty("score_histograms", out var s) && s.ValueKind != JsonValueKind.Null ? $"{path}.score_histograms: not part of a notes evaluation" : null;
        }
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

    /// <summary>A segmentation evaluation: its metrics, no calibration, and counts that fit together.</summary>
    private static string? SegmentationEvaluation(JsonElement evaluation, JsonElement counts, string path)
    {
        var metrics = evaluation.GetProperty("metrics");
        if (!metrics.TryGetProperty("dice", out _)) return $"{path}.metrics: with `segmentation` the metrics are dice, hd95 and pixel_dice";
        if (evaluation.GetProperty("calibration").GetArrayLength() > 0) return $"{path}.calibration: expected [] for a segmentation evaluation";
        if (evaluation.TryGetProperty("score_histograms", out var h) && h.ValueKind != JsonValueKind.Null) return $"{path}.score_histograms: not part of a segmentation evaluation";
        var images = evaluation.GetProperty("holdout_rows").GetInt64();
        var patients = counts.GetProperty("patients").GetInt64();
        if (patients > images) return $"{path}.segmentation.patients: expected at most holdout_rows ({images}) patients, got {patients}";
        if (counts.GetProperty("hd95_patients").GetInt64() > patients) return $"{path}.segmentation.hd95_patients: expected at most patients ({patients}), got {counts.GetProperty("hd95_patients").GetInt64()}";
        if (counts.GetProperty("overlap").GetInt64() > counts.GetProperty("pixels").GetInt64()) return $"{path}.segmentation.overlap: expected at most pixels ({counts.GetProperty("pixels").GetInt64()}), got {counts.GetProperty("overlap").GetInt64()}";
        foreach (var name in new[] { "dice", "pixel_dice" })
        {
            if (metrics.GetProperty(name) is { ValueKind: JsonValueKind.Number } v && v.GetDouble() is < 0 or > 1)
                return $"{path}.metrics.{name}: expected a value in [0, 1], got {v.GetRawText()}";
        }
        return null;
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
