namespace Arcanum.Federated.Jobs;

/// <summary>
/// A note-generator job's model and local training (<c>"task": "notes"</c>, <c>"notes": { ... }</c>): the byte-level
/// transformer's shape and AdamW's schedule, which runs over rounds x <see cref="LocalSteps"/> steps. The same defaults as
/// <c>arcanum notes fit</c>, so a job file and the command line train the same model. A notes job takes its learning rate,
/// batch, weight decay and holdout from here; the table settings (model, lr, batch_size, local_epochs, holdout, weight_decay) are refused
/// when set off their defaults.
/// </summary>
public sealed record NotesJobOptions
{
    public int Width { get; init; } = 256;

    public int Layers { get; init; } = 4;

    public int Heads { get; init; } = 4;

    /// <summary>Tokens (bytes) the model sees at once.</summary>
    public int Context { get; init; } = 256;

    /// <summary>Optimizer steps each site trains per round.</summary>
    public int LocalSteps { get; init; } = 50;

    /// <summary>Windows per step (under DP, the expected notes per step).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Peak learning rate of AdamW, after <see cref="Warmup"/> steps; a cosine decay to a tenth follows.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 1e-3;

    public int Warmup { get; init; } = 100;

    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Share of each site's notes held out (whole notes) for the held-out bits per byte.</summary>
    public double Holdout { get; init; } = 0.1;

    /// <summary>Every problem, in the job file's terms ("notes.width ..."); empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (Width < 8 || Layers < 1 || Heads < 1 || Context < 8)
            yield return $"notes: the model needs width >= 8, layers >= 1, heads >= 1 and context >= 8 (got {Width}, {Layers}, {Heads}, {Context}).";
        else if (Width % Heads != 0) yield return $"notes.width ({Width}) must be a multiple of notes.heads ({Heads}).";
        if (LocalSteps < 1) yield return $"notes.local_steps must be at least 1 (got {LocalSteps}).";
        if (BatchSize < 1) yield return $"notes.batch_size must be at least 1 (got {BatchSize}).";
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) yield return $"notes.lr must be a positive number (got {LearningRate}).";
        if (Warmup < 0) yield return $"notes.warmup must be non-negative (got {Warmup}).";
        if (WeightDecay < 0) yield return $"notes.weight_decay must be non-negative (got {WeightDecay}).";
        if (Holdout is < 0 or >= 1) yield return $"notes.holdout must be in [0, 1) (got {Holdout}).";
    }
}
