using System.Diagnostics;
using System.Security.Cryptography;
using Arcanum.Synthesis;
using Arcanum.Torch.Synthesis;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>What a stretch of training did: its last smoothed loss, the tokens it read, the last step it took and why it stopped early.</summary>
internal sealed record NoteTrainingStretch(double SmoothedLoss, long Tokens, int LastStep, double Seconds, string? Stopped);

/// <summary>
/// The note generator's training loop, for one set of notes: AdamW on random windows of the notes (or, with DP, on one
/// window per Poisson-sampled note, <see cref="PrivateGradients"/>), with the warm-up and cosine schedule of
/// <see cref="NoteTrainingOptions.Steps"/>. A central fit runs every step in one stretch; a federated site runs its
/// round's steps from the global weights, with one optimizer and one DP account over all its rounds.
/// </summary>
internal sealed class NoteTrainer : IDisposable
{
    private readonly NoteTransformer _network;
    private readonly NoteTrainingOptions _options;
    private readonly Device _device;
    private readonly long[] _stream;
    private readonly long[][] _notes;
    private readonly Random _random;
    private readonly DpSgd? _privacy;
    private readonly RootedAdam _optimizer;
    private double _smoothed;
    private bool _started;

    /// <exception cref="ArgumentException">Too little text for one window, or a delta not below 1/notes.</exception>
    public NoteTrainer(NoteTransformer network, IReadOnlyList<string> notes, NoteTrainingOptions options, Device device, int seed)
    {
        _network = network;
        _options = options;
        _device = device;
        _stream = [.. notes.SelectMany(NoteTokens.Note)];
        var context = options.Shape.Context;
        if (_stream.Length < context + 2)
            throw new ArgumentException($"The training notes hold {_stream.Length} tokens; the model needs more than its context of {context}. Give more notes or a smaller --context.");
        if (options.Privacy is { } dp && dp.Delta >= 1.0 / notes.Count)
            throw new ArgumentException(FormattableString.Invariant($"--delta {dp.Delta:G3} is not below 1/notes (1/{notes.Count} training notes): a delta that large allows leaking whole notes. Use --delta {0.1 / notes.Count:G2} or less."));
        _notes = options.Privacy is null ? [] : [.. notes.Select(NoteTokens.Note)];
        _random = new Random(seed);
        _privacy = options.Privacy is { } settings
            ? new DpSgd([.. network.parameters()], new DifferentialPrivacy(settings.Epsilon, settings.Delta, settings.MaxGradNorm), notes.Count, options.BatchSize, options.Steps)
            : null;
        _optimizer = NewOptimizer();
        Notes = notes.Count;
        Bytes = _stream.LongLength - 2L * notes.Count;
    }

    /// <summary>Training notes.</summary>
    public int Notes { get; }

    /// <summary>Bytes of training text (start and end tokens not counted).</summary>
    public long Bytes { get; }

    public DpSgd? Privacy => _privacy;

    /// <summary>What DP-SGD has spent so far, as the card records it (null without DP).</summary>
    public PrivacyBudget? Spent => _privacy?.Budget() is { } b
        ? b with { Epsilon = Math.Round(b.Epsilon, 4), NoiseMultiplier = Math.Round(b.NoiseMultiplier, 4), Scope = PrivacyUnit }
        : null;

    /// <summary>The unit DP-SGD protects here, as the card states it.</summary>
    public const string PrivacyUnit = "one training note: a patient with k notes is protected at k times epsilon (group privacy); the held-out notes, whose bits per byte the card reports, are not trained on and not covered";

    /// <summary>Steps <paramref name="first"/> to <paramref name="last"/> of the schedule (counted from 1).</summary>
    public NoteTrainingStretch Run(int first, int last, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var context = _options.Shape.Context;
        var clock = Stopwatch.StartNew();
        var tokens = 0L;
        var done = first - 1;
        string? stopped = null;
        _network.train();
        var batch = new long[_options.BatchSize * (context + 1)];
        for (var step = first; step <= last; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_privacy is not null && !_privacy.CanStep())
            {
                stopped = FormattableString.Invariant($"the next step would spend more than epsilon {_options.Privacy!.Epsilon}");
                break;
            }
            _optimizer.Rate = Rate(step);
            using var scope = NewDisposeScope();
            double value;
            if (_privacy is null)
            {
                for (var b = 0; b < _options.BatchSize; b++)
                    Array.Copy(_stream, _random.NextInt64(_stream.Length - context - 1), batch, b * (context + 1), context + 1);
                var window = tensor(batch, [_options.BatchSize, context + 1]).to(_device);
                var logits = _network.forward(window[.., ..^1]);
                var loss = nn.functional.cross_entropy(logits.reshape(-1, NoteTokens.Vocabulary), window[.., 1..].reshape(-1));
                _optimizer.ZeroGrad();
                loss.backward();
                nn.utils.clip_grad_norm_(_network.parameters(), 1.0);
                value = loss.item<float>();
                tokens += (long)_options.BatchSize * context;
            }
            else
            {
                // The sampled notes' gradients, clipped and noised; their loss is the real notes' own (progress only).
                var (sum, count, seen) = PrivateGradients(_privacy, _network, _notes, _device);
                value = count == 0 ? _smoothed : sum / count;
                tokens += seen;
            }
            _optimizer.Step();
            if (!double.IsFinite(value)) throw new ArithmeticException($"Training diverged at step {step} (loss {value}); lower --lr (now {_options.LearningRate}).");
            _smoothed = _started ? 0.98 * _smoothed + 0.02 * value : value;
            _started = true;
            done = step;
            if (step % 50 == 0 || step == _options.Steps)
                progress?.Report($"step {step}/{_options.Steps}: loss {_smoothed:F3} ({_smoothed / Math.Log(2):F2} bits/byte), {tokens / clock.Elapsed.TotalSeconds:N0} tokens/s"
                    + (_privacy is null ? "" : FormattableString.Invariant($", epsilon {_privacy.Epsilon:0.###}")));
        }
        return new NoteTrainingStretch(_smoothed, tokens, done, clock.Elapsed.TotalSeconds, stopped);
    }

    /// <summary>
    /// DP-SGD's step for notes, one note the unit: each note is taken with probability q (Poisson sampling, on the
    /// privacy's secret seed), one window of at most the context from it (the whole note when shorter), and its mean
    /// next-byte loss's gradient is clipped, summed and noised by <paramref name="privacy"/>. Returns the sampled notes'
    /// summed losses, how many there were and the tokens they held (progress only).
    /// </summary>
    internal static (double Loss, int Notes, long Tokens) PrivateGradients(DpSgd privacy, NoteTransformer network, IReadOnlyList<long[]> notes, Device device)
    {
        var picked = privacy.PoissonSample(notes.Count);
        var (loss, tokens) = (0.0, 0L);
        privacy.ComputeExampleGradients(picked.Length, i =>
        {
            var note = notes[picked[i]];
            var length = Math.Min(note.Length, network.Shape.Context + 1);
            var start = RandomNumberGenerator.GetInt32(note.Length - length + 1);
            var window = tensor(note.AsSpan(start, length).ToArray(), [1, length]).to(device);
            var logits = network.forward(window[.., ..^1]);
            var mean = nn.functional.cross_entropy(logits.reshape(-1, NoteTokens.Vocabulary), window[.., 1..].reshape(-1));
            loss += mean.item<float>();
            tokens += length - 1;
            return mean;
        });
        return (loss, picked.Length, tokens);
    }

    private RootedAdam NewOptimizer() =>
        new(_network.parameters(), _options.LearningRate, 0.9, 0.95, 1e-8, _options.WeightDecay, decoupledDecay: true);

    /// <summary>Linear warm-up to the peak rate, then a cosine decay to a tenth of it at the last step.</summary>
    private double Rate(int step)
    {
        var o = _options;
        if (step <= o.Warmup) return o.LearningRate * step / Math.Max(1, o.Warmup);
        var progress = (step - o.Warmup) / (double)Math.Max(1, o.Steps - o.Warmup);
        return o.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress))));
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _privacy?.Dispose();
    }
}
