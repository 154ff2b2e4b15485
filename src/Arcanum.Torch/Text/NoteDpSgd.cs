using System.Security.Cryptography;
using Arcanum.Core.Privacy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

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

/// <summary>What a DP fit of a note generator spent, as its card records it.</summary>
public sealed record NotePrivacySpent
{
    public double Epsilon { get; init; }
    public double TargetEpsilon { get; init; }
    public double Delta { get; init; }
    public double NoiseMultiplier { get; init; }
    public double SampleRate { get; init; }
    public long Steps { get; init; }
    public double MaxGradNorm { get; init; }
    public string Unit { get; init; } = NoteDpSgd.Unit;
}

/// <summary>
/// DP-SGD (Abadi et al. 2016) for the note generator, with one training note as the unit of privacy. Each step takes every
/// note with probability q (Poisson sampling), one window of at most the context from each (the whole note when it is
/// shorter), that note's gradient of its mean next-byte loss, clipped to norm C, summed, with Gaussian noise N(0, σ²C²) on
/// every coordinate, divided by the expected batch qN. The RDP accountant calibrates σ so the planned steps spend the
/// target ε, and <see cref="CanStep"/> refuses a step past it. Per-note gradients come from one small backward pass per
/// note (exact, any layer; a step costs about a non-private step of the same windows run one by one). Noise and sampling
/// draw on secret CSPRNG seeds, never the fit's seed, so a DP fit does not repeat from its seed.
/// </summary>
internal sealed class NoteDpSgd : IDisposable
{
    public const string Unit = "one training note: a patient with k notes is protected at k times epsilon (group privacy); the held-out notes, whose bits per byte the card reports, are not trained on and not covered";

    private readonly Generator _noise = new(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
    private readonly Random _secret = new(RandomNumberGenerator.GetInt32(1, int.MaxValue));
    private readonly RdpAccountant _accountant = new();
    private readonly Parameter[] _parameters;
    private readonly NotePrivacy _settings;

    public NoteDpSgd(IEnumerable<Parameter> parameters, NotePrivacy settings, int notes, int expectedBatch, long plannedSteps)
        : this(parameters, settings, notes, expectedBatch,
            RdpAccountant.NoiseForEpsilon(settings.Epsilon, settings.Delta, Math.Min(1.0, (double)expectedBatch / notes), plannedSteps))
    {
    }

    /// <summary>With an explicit noise multiplier (tests use 0 to compare gradients exactly).</summary>
    internal NoteDpSgd(IEnumerable<Parameter> parameters, NotePrivacy settings, int notes, int expectedBatch, double noiseMultiplier)
    {
        _parameters = [.. parameters];
        _settings = settings;
        SampleRate = Math.Min(1.0, (double)expectedBatch / notes);
        ExpectedBatch = SampleRate * notes;
        NoiseMultiplier = noiseMultiplier;
    }

    public double SampleRate { get; }

    public double ExpectedBatch { get; }

    public double NoiseMultiplier { get; }

    /// <summary>Spent so far; infinite without noise (only tests build one).</summary>
    public double Epsilon => NoiseMultiplier == 0 ? double.PositiveInfinity : _accountant.Steps == 0 ? 0 : _accountant.GetEpsilon(_settings.Delta).Epsilon;

    public bool CanStep() => NoiseMultiplier > 0 && !_accountant.WouldExceed(_settings.Epsilon, _settings.Delta, NoiseMultiplier, SampleRate);

    /// <summary>
    /// Sets every parameter's gradient to the privatised mean gradient of a Poisson sample of <paramref name="notes"/> (each
    /// a note's tokens), and returns the sampled notes' summed mean losses, how many there were and the tokens they held.
    /// </summary>
    public (double Loss, int Notes, long Tokens) ComputeGradients(NoteTransformer network, IReadOnlyList<long[]> notes, Device device)
    {
        var context = network.Shape.Context;
        var sums = _parameters.Select(p => zeros_like(p)).ToArray();
        var (loss, count, tokens) = (0.0, 0, 0L);
        using var clip = _settings.MaxGradNorm.ToScalar();
        foreach (var note in notes)
        {
            if (_secret.NextDouble() >= SampleRate) continue;
            using var scope = NewDisposeScope();
            var length = Math.Min(note.Length, context + 1);
            var start = _secret.NextInt64(note.Length - length + 1);
            var window = tensor(note.AsSpan((int)start, length).ToArray(), [1, length]).to(device);
            var logits = network.forward(window[.., ..^1]);
            var mean = nn.functional.cross_entropy(logits.reshape(-1, NoteTokens.Vocabulary), window[.., 1..].reshape(-1));
            var grads = autograd.grad([mean], _parameters, allow_unused: true);
            var squared = zeros(1, device: device);
            foreach (var g in grads)
            {
                if (g is { IsInvalid: false }) squared = squared.Plus(g.Squared().sum());
            }
            var factor = (clip / squared.sqrt().Plus(HeldScalars.Of(1e-6))).clamp_max(HeldScalars.Of(1));
            for (var i = 0; i < grads.Count; i++)
            {
                if (grads[i] is { IsInvalid: false } g) sums[i].add_(g * factor, HeldScalars.Of(1));
            }
            loss += mean.item<float>();
            count++;
            tokens += length - 1;
        }
        Privatise(sums);
        foreach (var s in sums) s.Dispose();
        return (loss, count, tokens);
    }

    /// <summary>Adds N(0, σ²C²) to each clipped sum, divides by qN, writes the gradients and counts the step.</summary>
    private void Privatise(Tensor[] sums)
    {
        Synthesis.DpSgd.WriteNoisyMean(_parameters, sums, _noise, NoiseMultiplier * _settings.MaxGradNorm, ExpectedBatch);
        if (NoiseMultiplier > 0) _accountant.Step(NoiseMultiplier, SampleRate);
    }

    public NotePrivacySpent Spent() => new()
    {
        Epsilon = Math.Round(Epsilon, 4), TargetEpsilon = _settings.Epsilon, Delta = _settings.Delta, NoiseMultiplier = Math.Round(NoiseMultiplier, 4),
        SampleRate = SampleRate, Steps = _accountant.Steps, MaxGradNorm = _settings.MaxGradNorm,
    };

    public void Dispose() => _noise.Dispose();
}
