using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch;

/// <summary>
/// RootedAdam's state on disk, in the file format of TorchSharp's optim.Adam (its <c>save_state_dict</c>): the image
/// GAN's checkpoints were written with that optimizer before this one replaced it, so checkpoints written before and
/// after resume alike. The file is read and written by an optim.Adam over the same parameters that never steps.
/// </summary>
internal sealed partial class RootedAdam
{
    /// <summary>Writes the step count and both moments of every parameter to <paramref name="path"/>.</summary>
    public void SaveState(string path)
    {
        using var twin = TorchSharpTwin();
        var states = twin.state_dict().State.Cast<Adam.State>().ToArray();
        using (no_grad())
        {
            for (var i = 0; i < states.Length; i++)
            {
                states[i].step = _steps;
                states[i].exp_avg.copy_(_average[i]);
                states[i].exp_avg_sq.copy_(_averageSquare[i]);
            }
        }
        twin.save_state_dict(path);
    }

    /// <summary>Reads what <see cref="SaveState"/> (or TorchSharp's Adam) wrote; the next step continues from it.</summary>
    /// <exception cref="InvalidDataException">The parameters in the file took different numbers of steps.</exception>
    public void LoadState(string path)
    {
        using var twin = TorchSharpTwin();
        twin.load_state_dict(path);
        var states = twin.state_dict().State.Cast<Adam.State>().ToArray();
        // TorchSharp counts steps per parameter; this optimizer steps them all together, as the GAN always did.
        if (states.Select(s => s.step).Distinct().Count() > 1)
            throw new InvalidDataException($"{path}: its parameters took different numbers of Adam steps; it cannot be resumed.");
        using (no_grad())
        {
            for (var i = 0; i < states.Length; i++)
            {
                _average[i].copy_(states[i].exp_avg);
                _averageSquare[i].copy_(states[i].exp_avg_sq);
            }
        }
        _steps = states.Length == 0 ? 0 : states[0].step;
    }

    /// <summary>An optim.Adam with this one's parameters and settings, so that its file says what TorchSharp's would.</summary>
    private Adam TorchSharpTwin()
    {
        if (_decoupled) throw new InvalidOperationException("Only Adam's state is kept in TorchSharp's file format, not AdamW's.");
        var twin = new Adam(_parameters, _initialRate, _beta1, _beta2, _epsilonValue, _weightDecay);
        foreach (var group in twin.ParamGroups) group.LearningRate = Rate;
        return twin;
    }
}
