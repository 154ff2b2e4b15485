using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// The site half of SCAFFOLD (Karimireddy et al. 2020, option II). The site keeps its control
/// variate c_i (zeros at first). Local training adds c − c_i to every gradient; afterwards
/// c_i⁺ = c_i − c + (x − y_i)/(K·η_l), with x the round's global weights, y_i the trained weights,
/// K the local steps and η_l the local learning rate, and the site sends Δc_i = c_i⁺ − c_i.
/// K·η_l generalises to the distance a unit gradient moves the weights over the run:
/// <see cref="LocalTrainingResult.EffectiveSteps"/> (which counts momentum and a within-round
/// learning-rate schedule) times the round's learning rate. So c_i stays an average gradient at
/// sites that took one step and at sites that took hundreds, at every point of a schedule.
/// </summary>
internal sealed class ScaffoldClient : IClientStrategy
{
    private const string ControlPrefix = "c_i/";
    private ModelWeights? _ci;

    public LocalObjective Prepare(RoundTask task)
    {
        var c = ServerControlOf(task);
        var ci = EnsureControl(task.Global);
        return new LocalObjective { GradientCorrection = WeightMath.Subtract(c, ci) };
    }

    // learningRate is the rate the run started at: the round's rate under a per-round schedule.
    public RoundResult Complete(RoundTask task, LocalTrainingResult trained, double learningRate, string site)
    {
        var c = ServerControlOf(task);
        ArgumentNullException.ThrowIfNull(trained);
        if (trained.Steps <= 0)
            throw new ArgumentException($"SCAFFOLD needs the number of local optimizer steps to update the control variate, but site '{site}' reported {trained.Steps}. Train at least one step.", nameof(trained));
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "SCAFFOLD needs the positive local learning rate that training used.");
        WeightMath.EnsureSameLayout(task.Global, trained.Weights, "trained weights");
        var ci = EnsureControl(task.Global);

        // Δc_i = c_i⁺ − c_i = (x − y_i)/(K·η_l) − c, computed directly rather than as a difference.
        var controlDelta = WeightMath.Subtract(task.Global, trained.Weights);
        var steps = trained.EffectiveSteps ?? trained.Steps;
        WeightMath.Scale(controlDelta, (float)(1.0 / (steps * learningRate)));
        WeightMath.AddScaled(controlDelta, c, -1f);
        WeightMath.AddScaled(ci, controlDelta, 1f);
        return new RoundResult(site, trained.Samples, trained.Weights, controlDelta, trained.Steps);
    }

    public ModelWeights ExportState() => StatePacking.Pack((ControlPrefix, _ci));

    public void ImportState(ModelWeights state) => _ci = StatePacking.Unpack(state, "scaffold site", ControlPrefix)?[0];

    private static ModelWeights ServerControlOf(RoundTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var c = task.ServerControl
            ?? throw new ArgumentException("The round task carries no server control variate. SCAFFOLD sites need a server that runs SCAFFOLD too.", nameof(task));
        WeightMath.EnsureSameLayout(task.Global, c, "server control variate");
        return c;
    }

    private ModelWeights EnsureControl(ModelWeights global)
    {
        if (_ci is null) _ci = global.ZerosLike();
        else WeightMath.EnsureSameLayout(global, _ci, "site control variate");
        return _ci;
    }
}
