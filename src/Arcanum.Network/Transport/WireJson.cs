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

/// <summary>
/// A site's answer to STATISTICS: for a table, <see cref="Statistics"/> is the encoder statistics document; for an image
/// folder (a segmentation job) rows are images and <see cref="PixelSums"/> are its training pixels' per-channel sums.
/// </summary>
public sealed record StatisticsResult(long TrainRows, long HoldoutRows, long[] ClassCounts, JsonNode? Statistics, long[]? HoldoutClassCounts = null,
    Arcanum.Data.Images.ChannelSums? PixelSums = null);

/// <summary>A site's row counts, kept by the server for the report (counts only).</summary>
public sealed record SiteRowCounts(int Train, int Holdout, int[] HoldoutByClass);

/// <summary>A site's answer to TRAIN (with <see cref="Evaluation"/> when asked) or EVALUATE (only <see cref="Evaluation"/>).</summary>
public sealed record TrainResult(long Samples, int Steps, double? TrainLoss, SiteEvaluation? Evaluation, double? Epsilon = null);

/// <summary>
/// A site's answer to TRAIN under secure aggregation: its id in the round, and what a plain answer says
/// besides the weights and counts (those travel masked in the payload).
/// </summary>
public sealed record MaskedTrainResult(int SiteId, double? TrainLoss, SiteEvaluation? Evaluation, double? Epsilon = null);

/// <summary>An evaluate-only answer.</summary>
public sealed record EvaluateResult(SiteEvaluation Evaluation);

/// <summary>One calibration bin as sums, so bins from several sites add up exactly.</summary>
public sealed record CalibrationSums(int Bin, double PredictedSum, double ObservedSum, int Count);
