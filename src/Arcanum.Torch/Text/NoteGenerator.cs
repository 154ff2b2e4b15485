using System.Diagnostics;
using System.Text.Json;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>How a note generator is trained.</summary>
public sealed record NoteTrainingOptions
{
    public NoteModelShape Shape { get; init; } = new();

    /// <summary>Optimiser steps; each sees <see cref="BatchSize"/> windows of the context's length.</summary>
    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 16;

    /// <summary>Peak learning rate of AdamW, reached after <see cref="Warmup"/> steps, then a cosine decay to a tenth.</summary>
    public double LearningRate { get; init; } = 1e-3;

    public int Warmup { get; init; } = 100;

    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Share of the notes held out for the perplexity (whole notes, chosen by the seed).</summary>
    public double HoldoutFraction { get; init; } = 0.1;

    public int Seed { get; init; } = 7;

    /// <summary>Train with DP-SGD, one note the unit (<see cref="BatchSize"/> is then the expected notes per step); null: no DP.</summary>
    public NotePrivacy? Privacy { get; init; }

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        Shape.Validate();
        Privacy?.Validate();
        if (Steps < 1 || BatchSize < 1 || Warmup < 0) throw new ArgumentException($"--steps and --batch-size must be at least 1; got {Steps} and {BatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be a positive number; got {LearningRate}.");
        if (HoldoutFraction is < 0 or >= 1) throw new ArgumentException($"--holdout must be in [0, 1); got {HoldoutFraction}.");
    }
}

/// <summary>Differential privacy for a note generator: DP-SGD to <paramref name="Epsilon"/> at <paramref name="Delta"/>, each note's gradient clipped to <paramref name="MaxGradNorm"/>.</summary>
public sealed record NotePrivacy(double Epsilon, double Delta = 1e-5, double MaxGradNorm = 1.0)
{
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon)) throw new ArgumentException($"--epsilon must be a positive number; got {Epsilon}.");
        if (!(Delta > 0 && Delta < 1)) throw new ArgumentException($"--delta must be between 0 and 1; got {Delta}.");
        if (!(MaxGradNorm > 0) || double.IsInfinity(MaxGradNorm)) throw new ArgumentException($"--max-grad-norm must be a positive number; got {MaxGradNorm}.");
    }
}

/// <summary>What a note generator was trained on and how well it predicts held-out notes. Counts only, never text.</summary>
public sealed record NoteModelCard
{
    public string Format { get; init; } = NoteGenerator.Format;
    public string Tokens { get; init; } = "utf-8 bytes (fixed, public vocabulary of 256 bytes + start + end)";
    public NoteModelShape Shape { get; init; } = new();
    public long Parameters { get; init; }
    public int Steps { get; init; }
    public int BatchSize { get; init; }
    public double LearningRate { get; init; }
    public int Seed { get; init; }
    public int TrainingNotes { get; init; }
    public int HeldOutNotes { get; init; }
    /// <summary>Bytes of training text; null where the trainer never learned them (a network job under secure aggregation).</summary>
    public long? TrainingBytes { get; init; }
    public double? HeldOutBitsPerByte { get; init; }
    /// <summary>The smoothed training loss at the end (nats per byte); null where no site reported one (a network job under DP).</summary>
    public double? FinalTrainingLoss { get; init; }
    public double TokensPerSecond { get; init; }
    public double Seconds { get; init; }
    public string Device { get; init; } = "cpu";

    /// <summary>What DP-SGD spent, its scope the unit protected (null: trained without differential privacy).</summary>
    public Arcanum.Synthesis.PrivacyBudget? Privacy { get; init; }

    /// <summary>Why training stopped before its steps (the privacy budget), or null.</summary>
    public string? StoppedEarly { get; init; }

    /// <summary>How the model was trained across sites (null: on one set of notes).</summary>
    public NoteFederationCard? Federation { get; init; }
}

/// <summary>
/// A small language model of clinical notes (<see cref="NoteTransformer"/> over UTF-8 bytes): trained with AdamW on random
/// windows of the notes, scored by bits per byte on held-out notes, and sampled from a prompt ("ASSESSMENT AND PLAN: type 2
/// diabetes") with temperature and top-k. Not thread-safe. Training and sampling hand libtorch only held Scalars
/// (<see cref="HeldScalars"/>): they run while other threads allocate, and a temporary one can be freed mid-call.
/// </summary>
public sealed class NoteGenerator : IDisposable
{
    public const string Format = "arcanum-note-generator";
    public const string WeightsFile = "notes.safetensors";
    public const string CardFile = "notes-model.json";

    private readonly NoteTransformer _network;
    private readonly Device _device;

    private NoteGenerator(NoteTransformer network, NoteModelCard card, Device device)
    {
        _network = network;
        Card = card;
        _device = device;
    }

    public NoteModelCard Card { get; }

    /// <summary>Trains a generator on <paramref name="notes"/>.</summary>
    /// <exception cref="ArgumentException">Bad options, or too little text for one window.</exception>
    public static NoteGenerator Fit(IReadOnlyList<string> notes, NoteTrainingOptions options, string device = "cpu",
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var target = TorchRuntime.ResolveDevice(device);
        var (train, held) = Split(notes, options.HoldoutFraction, options.Seed);
        var network = NewNetwork(options.Shape, options.Seed);
        network.to(target);
        using var trainer = new NoteTrainer(network, train, options, target, options.Seed);
        if (trainer.Privacy is { } privacy)
            progress?.Report(FormattableString.Invariant($"DP-SGD: noise multiplier {privacy.NoiseMultiplier:0.###}, each note sampled with probability {privacy.SampleRate:0.####} per step"));
        var stretch = trainer.Run(1, options.Steps, progress, cancellationToken);
        if (stretch.Stopped is { } why) progress?.Report($"stopped after {stretch.LastStep} steps: {why}");
        var generator = new NoteGenerator(network, new NoteModelCard(), target);
        var bits = held.Count == 0 ? (double?)null : generator.BitsPerByte(held);
        if (bits is { } b) progress?.Report($"held-out notes ({held.Count}): {b:F3} bits/byte");
        return new NoteGenerator(network, CardOf(options, network, trainer, stretch, held.Count, bits), target);
    }

    /// <summary>A new network with the initial weights of <paramref name="seed"/> (libtorch's generator is process-wide, hence the lock).</summary>
    internal static NoteTransformer NewNetwork(NoteModelShape shape, int seed)
    {
        lock (TorchRuntime.RandomLock)
        {
            manual_seed(seed);
            return new NoteTransformer(shape);
        }
    }

    private static NoteModelCard CardOf(NoteTrainingOptions options, NoteTransformer network, NoteTrainer trainer, NoteTrainingStretch stretch, int heldOut, double? bits) => new()
    {
        Shape = options.Shape,
        Parameters = network.parameters().Sum(p => p.numel()),
        Steps = stretch.LastStep,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Seed = options.Seed,
        TrainingNotes = trainer.Notes,
        HeldOutNotes = heldOut,
        TrainingBytes = trainer.Bytes,
        HeldOutBitsPerByte = bits is { } b ? Math.Round(b, 4) : null,
        FinalTrainingLoss = Math.Round(stretch.SmoothedLoss, 4),
        TokensPerSecond = Math.Round(stretch.Tokens / stretch.Seconds),
        Seconds = Math.Round(stretch.Seconds, 1),
        Device = network.parameters().First().device.ToString(),
        Privacy = trainer.Spent,
        StoppedEarly = stretch.Stopped,
    };

    /// <summary>
    /// Mean bits per byte the model needs for <paramref name="notes"/> (cross-entropy over every byte and the end
    /// token, in windows of the context's length): lower is better; the training notes give a lower figure than new ones.
    /// </summary>
    public double BitsPerByte(IReadOnlyList<string> notes, long maxTokens = 200_000)
    {
        var (bits, tokens) = Score(_network, _device, notes, maxTokens);
        return bits / tokens;
    }

    /// <summary>
    /// The bits <paramref name="network"/> needs for <paramref name="notes"/> in all, and over how many tokens (the first
    /// <paramref name="maxTokens"/> of them), so that sites' scores pool exactly.
    /// </summary>
    internal static (double Bits, long Tokens) Score(NoteTransformer network, Device device, IReadOnlyList<string> notes, long maxTokens = 200_000)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var stream = notes.SelectMany(NoteTokens.Note).Take((int)Math.Min(int.MaxValue, maxTokens)).ToArray();
        var context = network.Shape.Context;
        if (stream.Length < 2) throw new ArgumentException("There is no text to score.");
        network.eval();
        using var noGrad = no_grad();
        var (total, count) = (0.0, 0L);
        for (var start = 0; start + 1 < stream.Length; start += context)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(context + 1, stream.Length - start);
            var window = tensor(stream.AsSpan(start, length).ToArray(), [1, length]).to(device);
            var logits = network.forward(window[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, NoteTokens.Vocabulary), window[.., 1..].reshape(-1), reduction: nn.Reduction.Sum);
            total += loss.item<float>();
            count += length - 1;
        }
        return (total / Math.Log(2), count);
    }

    /// <summary>The initial weights a fit with <paramref name="shape"/> and <paramref name="seed"/> starts from.</summary>
    public static ModelWeights InitialWeights(NoteModelShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        TorchRuntime.EnsureLoaded();
        using var network = NewNetwork(shape, seed);
        return ModuleWeights.ToWeights(network);
    }

    /// <summary>A generator with <paramref name="weights"/> (trained elsewhere, e.g. federatedly) and the card that describes them.</summary>
    /// <exception cref="ArgumentException">The weights do not fit the card's shape.</exception>
    public static NoteGenerator FromWeights(ModelWeights weights, NoteModelCard card, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(card);
        card.Shape.Validate();
        TorchRuntime.EnsureLoaded();
        var target = TorchRuntime.ResolveDevice(device);
        var network = new NoteTransformer(card.Shape);
        ModuleWeights.Load(network, weights, "note-generator weights");
        network.to(target);
        return new NoteGenerator(network, card, target);
    }

    /// <summary>
    /// <paramref name="count"/> notes continuing <paramref name="prompt"/> (which each begins with), each ending at the
    /// model's end token or after <paramref name="maxBytes"/> bytes. Same seed, same notes.
    /// </summary>
    /// <remarks>
    /// The model sees a window of at most its context: positions are absolute, so when a note outgrows the window, the
    /// window slides forward to hold the last three quarters of the context and is read again from position 0 (once;
    /// the following bytes each add one position). With <paramref name="useCache"/> (the default) every byte costs one
    /// position's work, using the keys and values kept from earlier positions; without it the whole window is re-run for
    /// every byte, which gives the same notes (same windows, same draws) far more slowly and is kept to check the cache.
    /// </remarks>
    public IReadOnlyList<string> Generate(string prompt, int count, int maxBytes = 1500, double temperature = 0.8, int topK = 40, int seed = 1,
        bool useCache = true)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (count < 1 || maxBytes < 1) throw new ArgumentException($"-n and --max-bytes must be at least 1; got {count} and {maxBytes}.");
        if (!(temperature > 0) || topK < 1) throw new ArgumentException($"--temperature must be positive and --top-k at least 1; got {temperature} and {topK}.");
        var context = _network.Shape.Context;
        var kept = context - Math.Max(1, context / 4);
        var rows = Enumerable.Range(0, count).Select(_ => new List<long>(NoteTokens.Prompt(prompt))).ToArray();
        // The rows still being written; every one of them has the same length, so one window start serves all.
        var active = Enumerable.Range(0, count).ToList();
        var (windowStart, cached) = (0, 0);
        _network.eval();
        using var noGrad = no_grad();
        // On the CPU whatever the device: TorchSharp creates only CPU generators, and libtorch refuses one for a
        // CUDA tensor. The next-byte probabilities (rows x 256) move to the CPU to be drawn from, which also
        // makes a seed write the same notes on every device.
        using var random = new Generator((ulong)seed);
        using var cache = useCache ? new NoteCache(_network.Shape, count, _device) : null;
        using var heat = temperature.ToScalar();
        var excluded = HeldScalars.Of(double.NegativeInfinity);
        for (var produced = 0; produced < maxBytes && active.Count > 0; produced++)
        {
            using var scope = NewDisposeScope();
            var length = rows[active[0]].Count;
            if (length - windowStart > context) (windowStart, cached) = (length - kept, 0);
            var from = cache is null ? windowStart : windowStart + cached;
            var ids = tensor(active.SelectMany(r => rows[r].Skip(from)).ToArray(), [active.Count, length - from]).to(_device);
            var logits = cache is null ? _network.forward(ids)[.., -1, ..] : _network.Step(ids, cache, cached);
            cached = length - windowStart;
            logits /= heat;
            var k = Math.Min(topK, NoteTokens.Vocabulary);
            var (values, _) = logits.topk(k);
            logits = logits.masked_fill(logits < values.narrow(1, k - 1, 1), excluded);
            logits[.., NoteTokens.Start] = double.NegativeInfinity;
            var next = multinomial(nn.functional.softmax(logits, -1).to(CPU), 1, false, random).data<long>().ToArray();
            var survivors = new List<long>(active.Count);
            for (var i = 0; i < active.Count; i++)
            {
                if (next[i] == NoteTokens.End) continue;
                rows[active[i]].Add(next[i]);
                survivors.Add(i);
            }
            if (survivors.Count == active.Count) continue;
            active = [.. survivors.Select(i => active[(int)i])];
            if (active.Count > 0) cache?.KeepRows([.. survivors]);
        }
        return [.. rows.Select(r => NoteTokens.Decode(r))];
    }

    /// <summary>Writes <see cref="WeightsFile"/> and <see cref="CardFile"/> into an existing folder.</summary>
    public void Save(string directory)
    {
        SafeTensors.Write(Path.Combine(directory, WeightsFile), ModuleWeights.ToWeights(_network));
        File.WriteAllText(Path.Combine(directory, CardFile), JsonSerializer.Serialize(Card, Json));
    }

    /// <exception cref="InvalidDataException">Not a note-generator folder, or a damaged one.</exception>
    public static NoteGenerator Load(string directory, string device = "cpu")
    {
        var cardPath = Path.Combine(directory, CardFile);
        if (!File.Exists(cardPath) || !File.Exists(Path.Combine(directory, WeightsFile)))
            throw new InvalidDataException($"'{directory}' is not a note-generator folder: it needs {CardFile} and {WeightsFile} (written by arcanum notes fit).");
        NoteModelCard card;
        try
        {
            card = JsonSerializer.Deserialize<NoteModelCard>(File.ReadAllText(cardPath), Json) ?? throw new InvalidDataException($"'{cardPath}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{cardPath}' is not a note-generator card: {e.Message}");
        }
        if (card.Format != Format) throw new InvalidDataException($"'{cardPath}' is format '{card.Format}', not {Format}.");
        return FromWeights(SafeTensors.Read(Path.Combine(directory, WeightsFile)), card, device);
    }

    public void Dispose() => _network.Dispose();

    /// <summary>Whole notes held out, chosen by the seed (at least one note is kept for training).</summary>
    internal static (List<string> Train, List<string> Held) Split(IReadOnlyList<string> notes, double fraction, int seed)
    {
        if (notes.Count == 0) throw new ArgumentException("There are no notes to train on.");
        var order = Enumerable.Range(0, notes.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldCount = Math.Min(notes.Count - 1, (int)Math.Round(notes.Count * fraction));
        var held = order.Take(heldCount).Order().Select(i => notes[i]).ToList();
        var train = order.Skip(heldCount).Order().Select(i => notes[i]).ToList();
        return (train, held);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
