using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// Keeps the CTGAN generator snapshot whose rows best match validation rows that were held out of the GAN's
/// training: every <see cref="Interval"/> epochs of the second half of training it draws as many rows as the validation part has (at least
/// 500) and scores them with <see cref="Fidelity.Score(DataTable, DataTable)"/> (per-column KS / total
/// variation and pairwise Pearson / Cramér's V / η differences, the score <c>synth evaluate</c> reports). A
/// GAN's losses say little about sample quality, and the last epoch of a short run on a small table is as
/// likely to be a bad one as a good one; a marginal-and-pairwise criterion needs no discriminator and no
/// classifier, so it neither reuses the critic nor looks at anything an evaluation's holdout would hold.
/// </summary>
internal sealed class SnapshotSelector : IDisposable
{
    private const int MinimumDraw = 500;
    private const int Snapshots = 20;

    private readonly DataTable _validation;
    private readonly int _seed;
    private Dictionary<string, Tensor>? _best;

    public SnapshotSelector(DataTable validation, int epochs, int seed)
    {
        _validation = validation;
        _seed = seed;
        Interval = Math.Max(1, epochs / Snapshots);
    }

    public int Interval { get; }

    /// <summary>The epoch of the kept snapshot (0 before any).</summary>
    public int BestEpoch { get; private set; }

    public double BestScore { get; private set; } = double.NegativeInfinity;

    public int ValidationRows => _validation.RowCount;

    /// <summary>
    /// Whether to consider the generator after <paramref name="epoch"/>: every <see cref="Interval"/> epochs in the second
    /// half of training, and the last. Early generators were left out after they won on marginals and pairs while carrying
    /// little of the outcome (RESULTS o, Pima seed 3 at epoch 15, Rotterdam seed 1 at epoch 60).
    /// </summary>
    public bool Due(int epoch, int epochs) => epoch == epochs || (epoch > epochs / 2 && epoch % Interval == 0);

    /// <summary>
    /// Scores the generator's current rows (drawn by <paramref name="generate"/> with a fixed seed) and keeps a
    /// copy of its weights if they beat the best so far. libtorch's random state is saved and restored around
    /// the draw, so training continues as if no snapshot had been taken.
    /// </summary>
    public void Consider(int epoch, nn.Module generator, Func<int, int, DataTable> generate)
    {
        var state = torch.random.get_rng_state();
        DataTable synthetic;
        try
        {
            synthetic = generate(Math.Max(MinimumDraw, _validation.RowCount), _seed);
        }
        finally
        {
            torch.random.set_rng_state(state);
            state.Dispose();
        }
        var score = Fidelity.Score(_validation, synthetic).Overall;
        if (!(score > BestScore)) return;
        BestScore = score;
        BestEpoch = epoch;
        DisposeBest();
        _best = generator.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Loads the kept weights (and BatchNorm statistics) back into the generator.</summary>
    public void Restore(nn.Module generator)
    {
        if (_best is null) return;
        using var noGrad = no_grad();
        var current = generator.state_dict();
        foreach (var (name, value) in _best) current[name].copy_(value);
    }

    private void DisposeBest()
    {
        if (_best is null) return;
        foreach (var t in _best.Values) t.Dispose();
        _best = null;
    }

    public void Dispose() => DisposeBest();
}
