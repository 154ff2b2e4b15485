using System.Security.Cryptography;
using Arcanum.Core.Privacy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// DP-SGD (Abadi et al. 2016) for the networks that touch real rows. Each step: Poisson-sampled rows (each
/// row in with probability q), one gradient per row, each clipped to norm C, summed, Gaussian noise
/// N(0, σ²C²) added, divided by the expected batch size qN; then the optimizer steps. Per-row gradients come
/// from one batched pass through a <see cref="PerRowTape"/> (<see cref="ComputeGradients(int, Func{PerRowTape, Tensor})"/>), or, for
/// layers the tape cannot trace, from one small pass per example (<see cref="ComputeExampleGradients"/>);
/// the per-row-copy method (one copy of the weights per row) stays as the exact reference the tests hold
/// the tape to, and for a network the tape cannot trace. Both clip the same per-row gradients. The RDP accountant tracks (ε, δ); σ is calibrated so the planned steps spend
/// the target ε, and <see cref="CanStep"/> refuses a step that would exceed it.
/// The noise on each coordinate of the mean gradient has standard deviation σC/(qN): it grows with the clip
/// norm C, so a large ε with a huge C is not "almost no noise". ε 10⁶ with C 10⁶ on Pima (σ 0.013, qN 100)
/// adds noise of standard deviation 130 per coordinate, which buries the critic's gradient; the generator
/// then chases a critic that is a random walk (RESULTS n.4). To train without noise or clipping, a test
/// passes noise multiplier 0 to the internal constructor.
/// The noise and the Poisson sampling draw on secret seeds, taken from a CSPRNG for each fit, never on the fit's seed
/// (which the model folder records): noise regenerated from a known seed could be subtracted again, and known batches
/// would lose the amplification by sampling that the accountant counts on. A DP fit is therefore not reproducible from
/// its seed. (The generators behind the seeds are libtorch's and .NET's, not cryptographic streams; Opacus's secure
/// mode uses a CSPRNG stream.)
/// </summary>
internal sealed class DpSgd : IDisposable
{
    private readonly Generator _noise = new(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
    private readonly Random _sampling = new(RandomNumberGenerator.GetInt32(1, int.MaxValue));
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly double _clip;
    private readonly int _chunk;
    private readonly RdpAccountant _accountant = new();
    private long _steps;

    public DpSgd(IReadOnlyList<Parameter> parameters, Arcanum.Synthesis.DifferentialPrivacy settings, int rows, int expectedBatch, long plannedSteps, int chunk = 64)
        : this(parameters, settings, rows, expectedBatch, RdpAccountant.NoiseForEpsilon(settings.TargetEpsilon, settings.Delta, Math.Min(1.0, (double)expectedBatch / rows), plannedSteps), chunk)
    {
    }

    /// <summary>With an explicit noise multiplier (tests use 0 to compare gradients exactly).</summary>
    internal DpSgd(IReadOnlyList<Parameter> parameters, Arcanum.Synthesis.DifferentialPrivacy settings, int rows, int expectedBatch, double noiseMultiplier, int chunk)
    {
        _parameters = parameters;
        _clip = settings.MaxGradNorm;
        _chunk = chunk;
        Settings = settings;
        SampleRate = Math.Min(1.0, (double)expectedBatch / rows);
        ExpectedBatch = SampleRate * rows;
        NoiseMultiplier = noiseMultiplier;
    }

    public Arcanum.Synthesis.DifferentialPrivacy Settings { get; }

    public double SampleRate { get; }

    public double ExpectedBatch { get; }

    public double NoiseMultiplier { get; }

    public long Steps => _steps;

    /// <summary>Spent so far; infinite without noise (only tests build one).</summary>
    public double Epsilon => NoiseMultiplier == 0 ? double.PositiveInfinity : _accountant.Steps == 0 ? 0 : _accountant.GetEpsilon(Settings.Delta).Epsilon;

    public bool CanStep() => NoiseMultiplier > 0 && !_accountant.WouldExceed(Settings.TargetEpsilon, Settings.Delta, NoiseMultiplier, SampleRate);

    /// <summary>Each row independently with probability q, from the secret sampling seed.</summary>
    public int[] PoissonSample(int rows)
    {
        var picked = new List<int>((int)(ExpectedBatch * 1.2) + 8);
        for (var r = 0; r < rows; r++)
        {
            if (_sampling.NextDouble() < SampleRate) picked.Add(r);
        }
        return picked.ToArray();
    }

    /// <summary>
    /// Sets every parameter's gradient to the privatised mean gradient of <paramref name="count"/> rows, exactly,
    /// with one copy of the weights per row (slow: the reference). <paramref name="loss"/> gets per-row weight copies (leading dimension = rows in the chunk) and the
    /// chunk's first row and length, and returns the chunk's summed per-row losses.
    /// </summary>
    public void ComputeGradients(int count, Func<IReadOnlyList<Tensor>, int, int, Tensor> loss)
    {
        var sums = _parameters.Select(p => zeros_like(p)).ToArray();
        for (var start = 0; start < count; start += _chunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(_chunk, count - start);
            var copies = _parameters.Select(p =>
            {
                var shape = new long[p.dim() + 1];
                shape[0] = length;
                for (var d = 0; d < p.dim(); d++) shape[d + 1] = p.shape[d];
                return p.detach().unsqueeze(0).expand(shape).clone().requires_grad_(true);
            }).ToArray();
            var total = loss(copies, start, length);
            total.backward();
            var squared = zeros(length, device: _parameters[0].device);
            foreach (var c in copies) squared = squared.Plus(c.grad!.reshape(length, -1).Squared().sum(1));
            using var clip = _clip.ToScalar();
            var factor = (clip / squared.sqrt().Plus(HeldScalars.Of(1e-6))).clamp_max(HeldScalars.Of(1));
            for (var i = 0; i < copies.Length; i++)
            {
                var g = copies[i].grad!;
                var shape = new long[g.dim()];
                shape[0] = length;
                for (var d = 1; d < shape.Length; d++) shape[d] = 1;
                sums[i].add_((g * factor.reshape(shape)).sum(dim: 0), HeldScalars.Of(1));
            }
        }
        Privatise(sums);
        foreach (var s in sums) s.Dispose();
    }

    /// <summary>
    /// Sets every parameter's gradient to the privatised mean gradient of <paramref name="count"/> rows, from one
    /// batched pass: <paramref name="loss"/> runs the network through the tape it is given (its
    /// <see cref="PerRowTape.Rows"/> is <paramref name="count"/>) and returns the summed per-row losses.
    /// </summary>
    public void ComputeGradients(int count, Func<PerRowTape, Tensor> loss)
    {
        using (var scope = NewDisposeScope())
        {
            Tensor[] sums;
            if (count == 0)
            {
                sums = _parameters.Select(p => zeros_like(p)).ToArray();
            }
            else
            {
                var tape = new PerRowTape(_parameters, count);
                sums = tape.ClippedSums(loss(tape), _clip);
            }
            Privatise(sums);
        }
    }

    /// <summary>
    /// Sets every parameter's gradient to the privatised mean gradient of <paramref name="count"/> examples with one small
    /// backward pass per example (<paramref name="loss"/>(i) returns example i's loss): exact for any layer (embeddings,
    /// LayerNorm, attention), where the tape traces only linear layers. The note generator's examples are whole notes.
    /// </summary>
    public void ComputeExampleGradients(int count, Func<int, Tensor> loss)
    {
        var sums = _parameters.Select(p => zeros_like(p)).ToArray();
        Tensor[] inputs = [.. _parameters];
        using var clip = _clip.ToScalar();
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var grads = autograd.grad([loss(i)], inputs, allow_unused: true);
            var squared = zeros(1, device: _parameters[0].device);
            foreach (var g in grads)
            {
                if (g is { IsInvalid: false }) squared = squared.Plus(g.Squared().sum());
            }
            var factor = (clip / squared.sqrt().Plus(HeldScalars.Of(1e-6))).clamp_max(HeldScalars.Of(1));
            for (var j = 0; j < grads.Count; j++)
            {
                if (grads[j] is { IsInvalid: false } g) sums[j].add_(g * factor, HeldScalars.Of(1));
            }
        }
        Privatise(sums);
        foreach (var s in sums) s.Dispose();
    }

    /// <summary>Adds N(0, σ²C²) to each clipped sum, divides by qN, writes the gradients, counts the step.</summary>
    private void Privatise(Tensor[] sums)
    {
        WriteNoisyMean(_parameters, sums, _noise, NoiseMultiplier * _clip, ExpectedBatch);
        _steps++;
        if (NoiseMultiplier > 0) _accountant.Step(NoiseMultiplier, SampleRate);
    }

    /// <summary>
    /// Sets each parameter's gradient to (its clipped sum + N(0, <paramref name="noiseScale"/>²)) / <paramref name="expectedBatch"/>,
    /// the noise drawn from <paramref name="noise"/> (a CPU generator: libtorch keeps generators there) and moved to the
    /// parameter's device. Written in place rather than by a backward pass per parameter (a second autograd call each,
    /// which cost more than TVAE's whole per-row gradient).
    /// </summary>
    private static void WriteNoisyMean(IReadOnlyList<Parameter> parameters, Tensor[] sums, Generator noise, double noiseScale, double expectedBatch)
    {
        using var scale = noiseScale.ToScalar();
        using var batch = expectedBatch.ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var gradient = sums[i].detach().Plus(randn(sums[i].shape, generator: noise).to(p.device) * scale) / batch;
            if (p.grad is { } existing) existing.copy_(gradient);
            else p.grad = gradient.DetachFromDisposeScope();
        }
    }

    public Arcanum.Synthesis.PrivacyBudget Budget() =>
        new(Epsilon, Settings.Delta, NoiseMultiplier, SampleRate, Steps, _clip, Settings.TargetEpsilon, "");

    public void Dispose() => _noise.Dispose();
}
