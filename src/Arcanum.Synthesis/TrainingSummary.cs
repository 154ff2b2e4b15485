using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis;

/// <summary>What fitting did, saved with the model and printed by <c>synth fit</c>.</summary>
public sealed record TrainingSummary
{
    public int Rows { get; init; }

    public int Epochs { get; init; }

    public double Seconds { get; init; }

    /// <summary>Loss names and their values in the last epoch.</summary>
    public IReadOnlyDictionary<string, double> FinalLosses { get; init; } = new Dictionary<string, double>();

    /// <summary>The privacy spent, when trained with differential privacy.</summary>
    public PrivacyBudget? Privacy { get; init; }

    /// <summary>Why training ended before the requested epochs, if it did.</summary>
    public string? StoppedEarly { get; init; }

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["rows"] = Rows, ["epochs"] = Epochs, ["seconds"] = Math.Round(Seconds, 3),
            ["final_losses"] = new JsonObject(FinalLosses.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        if (Privacy is not null) o["privacy"] = Privacy.ToJson();
        if (StoppedEarly is not null) o["stopped_early"] = StoppedEarly;
        return o;
    }

    public static TrainingSummary FromJson(JsonNode? node) => new()
    {
        Rows = node?["rows"]?.GetValue<int>() ?? 0,
        Epochs = node?["epochs"]?.GetValue<int>() ?? 0,
        Seconds = node?["seconds"]?.GetValue<double>() ?? 0,
        FinalLosses = node?["final_losses"]?.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value.Value<double>()) ?? [],
        Privacy = node?["privacy"] is { } p ? PrivacyBudget.FromJson(p) : null,
        StoppedEarly = node?["stopped_early"]?.GetValue<string>(),
    };
}

/// <summary>
/// Differential privacy of DP-SGD training: (epsilon, delta) spent, by the RDP accountant, for the noise
/// multiplier, sampling rate and steps taken, with per-sample gradients clipped to <see cref="MaxGradNorm"/>.
/// </summary>
public sealed record PrivacyBudget(double Epsilon, double Delta, double NoiseMultiplier, double SampleRate, long Steps, double MaxGradNorm, double? TargetEpsilon, string Scope)
{
    public JsonObject ToJson() => new()
    {
        ["epsilon"] = Epsilon, ["delta"] = Delta, ["noise_multiplier"] = NoiseMultiplier, ["sample_rate"] = SampleRate,
        ["steps"] = Steps, ["max_grad_norm"] = MaxGradNorm, ["target_epsilon"] = TargetEpsilon, ["accountant"] = "rdp", ["scope"] = Scope,
    };

    public static PrivacyBudget FromJson(JsonNode node) => new(
        node.Required<double>("epsilon"), node.Required<double>("delta"), node.Required<double>("noise_multiplier"),
        node.Required<double>("sample_rate"), node.Required<long>("steps"), node.Required<double>("max_grad_norm"),
        node["target_epsilon"]?.GetValue<double>(), node["scope"]?.GetValue<string>() ?? "");
}

/// <summary>One epoch's progress, for progress bars.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, IReadOnlyDictionary<string, double> Losses, double? Epsilon)
{
    /// <summary>Within an epoch still running: the steps done in <see cref="Epoch"/>; 0 once the epoch is complete.</summary>
    public int Step { get; init; }

    /// <summary>Steps per epoch, with <see cref="Step"/>; 0 once the epoch is complete.</summary>
    public int Steps { get; init; }

    /// <summary>Epochs done, with the running one's share of steps (a slow DP epoch can take many seconds).</summary>
    public double EpochsDone => Steps > 0 && Step < Steps ? Epoch - 1 + (double)Step / Steps : Epoch;
}
