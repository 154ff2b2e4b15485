using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Network.Transport;

/// <summary>The JSON documents inside task and result messages (protos/arcanum/v1/federation.proto).</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="FormatException">Not valid JSON of this shape (it came from the network).</exception>
    public static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new FormatException($"The {what} is empty.");
        }
        catch (JsonException e)
        {
            // The reader's message names .NET types; a site's developer needs the path and what is wrong there.
            var problem = e.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "not a value of the kind this field takes (counts are whole numbers written without a decimal point, e.g. 3 not 3.0)"
                : e.Message.Split(" Path:", 2)[0];
            throw new FormatException($"The {what} is not valid: {e.Path ?? "$"}: {problem}", e);
        }
    }
}

/// <summary>A site's answer to DESCRIBE.</summary>
public sealed record DescribeResult(long Rows, IReadOnlyList<string> TargetValues, IReadOnlyList<string> Features, IReadOnlyList<Arcanum.Federated.Setup.FeatureColumn>? Columns);

/// <summary>A site's answer to STATISTICS; <see cref="Statistics"/> is the encoder statistics document.</summary>
public sealed record StatisticsResult(long TrainRows, long HoldoutRows, long[] ClassCounts, JsonNode Statistics, long[]? HoldoutClassCounts = null);

/// <summary>A site's row counts, kept by the server for the report (counts only).</summary>
public sealed record SiteRowCounts(int Train, int Holdout, int[] HoldoutByClass);

/// <summary>A site's answer to TRAIN (with <see cref="Evaluation"/> when asked) or EVALUATE (only <see cref="Evaluation"/>).</summary>
public sealed record TrainResult(long Samples, int Steps, double? TrainLoss, SiteEvaluation? Evaluation, double? Epsilon = null);

/// <summary>An evaluate-only answer.</summary>
public sealed record EvaluateResult(SiteEvaluation Evaluation);

/// <summary>One calibration bin as sums, so bins from several sites add up exactly.</summary>
public sealed record CalibrationSums(int Bin, double PredictedSum, double ObservedSum, int Count);

/// <summary>
/// A model's figures on one site's held-out rows: the metrics, and calibration as per-bin sums.
/// Aggregates only: no row-level predictions leave the site.
/// </summary>
public sealed record SiteEvaluation(int Round, long HoldoutRows, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<CalibrationSums> Calibration)
{
    public static SiteEvaluation Compute(int round, IReadOnlyList<int> labels, float[] probabilities, int classCount)
    {
        var metrics = ClassificationMetrics.Compute(labels, probabilities, classCount);
        var bins = ClassificationMetrics.CalibrationCurve(labels, probabilities, classCount);
        var sums = bins.Select(b => new CalibrationSums(BinOf(b.MeanPredicted), b.MeanPredicted * b.Count, b.ObservedRate * b.Count, b.Count)).ToList();
        return new SiteEvaluation(round, labels.Count, metrics.ToDictionary(), sums);
    }

    public ClassificationMetrics ToMetrics() => FromDictionary(Metrics, (int)HoldoutRows);

    /// <summary>
    /// The study-wide figures from every site's: accuracy and the Brier score are exact (they are
    /// means over rows), calibration and ECE are exact (bins add up); AUROC, AUPRC, balanced accuracy
    /// and F1 are the mean over sites weighted by held-out rows, since the rank-based metrics would
    /// need every patient's score in one place.
    /// </summary>
    public static Evaluation Pool(IReadOnlyDictionary<string, SiteEvaluation> sites)
    {
        var perSite = sites.ToDictionary(p => p.Key, p => p.Value.ToMetrics(), StringComparer.Ordinal);
        var total = sites.Values.Sum(s => s.HoldoutRows);
        var merged = sites.Values.SelectMany(s => s.Calibration).GroupBy(b => b.Bin).OrderBy(g => g.Key)
            .Select(g => (Predicted: g.Sum(b => b.PredictedSum), Observed: g.Sum(b => b.ObservedSum), Count: g.Sum(b => b.Count))).ToList();
        var curve = merged.Select(b => new CalibrationBin(b.Predicted / b.Count, b.Observed / b.Count, b.Count)).ToList();
        var binned = merged.Sum(b => b.Count);
        var ece = binned == 0 ? double.NaN : merged.Sum(b => Math.Abs(b.Predicted - b.Observed)) / binned;
        double Mean(string name)
        {
            var parts = sites.Values.Where(s => s.Metrics.TryGetValue(name, out var v) && double.IsFinite(v)).ToList();
            var n = parts.Sum(s => s.HoldoutRows);
            return n == 0 ? double.NaN : parts.Sum(s => s.Metrics[name] * s.HoldoutRows) / n;
        }
        var pooled = new ClassificationMetrics(Mean("auroc"), Mean("auprc"), Mean("accuracy"), Mean("balanced_accuracy"), Mean("f1"), Mean("brier"), ece, (int)total);
        return new Evaluation(pooled, perSite, curve);
    }

    private static int BinOf(double meanPredicted) => Math.Clamp((int)(meanPredicted * ClassificationMetrics.CalibrationBins), 0, ClassificationMetrics.CalibrationBins - 1);

    private static ClassificationMetrics FromDictionary(IReadOnlyDictionary<string, double> m, int count)
    {
        double Get(string name) => m.TryGetValue(name, out var v) ? v : double.NaN;
        return new ClassificationMetrics(Get("auroc"), Get("auprc"), Get("accuracy"), Get("balanced_accuracy"), Get("f1"), Get("brier"), Get("ece"), count);
    }
}
