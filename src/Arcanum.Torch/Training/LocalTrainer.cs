using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using Arcanum.Torch.Training.SampleDp;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// One local training run (DP-SGD when <see cref="TrainingOptions.SampleDp"/> is set). The dataset is
/// uploaded once per dataset and device (see DatasetTensors); batches are gathered on the device with
/// index_select from an order shuffled on the C# side (seeded by the options, so parallel sites
/// never share libtorch's generator); each batch runs in its own dispose scope; the loss is
/// accumulated on the device and read once per epoch. What a batch's loss is (class labels or
/// masks, augmented or not) is <see cref="BatchLosses"/>' business; FedProx and SCAFFOLD act on the
/// parameters and are the same for every model.
/// </summary>
internal static class LocalTrainer
{
    public static LocalTrainingResult Run(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, Device device, CancellationToken cancellationToken,
        ModelWeights? into = null)
    {
        using var run = NewDisposeScope();
        using var lease = ModulePool.Rent(spec, device);
        var model = lease.Module;
        ModuleWeights.Load(model, start, "start weights");
        var state = model.state_dict();

        var parameters = model.named_parameters().ToList();
        var anchor = Upload(state, objective.ProximalMu > 0 ? objective.ProximalAnchor : null, "proximal anchor", device);
        var correction = Upload(state, objective.GradientCorrection, "gradient correction", device);
        using var halfMu = (objective.ProximalMu / 2).ToScalar();

        long n = data.Count;
        var (x, y) = DatasetTensors.Get(data, device);
        var classWeights = options.ClassWeights is { } cw ? tensor(cw).to(device) : null;
        var lossSum = zeros(1, device: device);

        using var optimizer = CreateOptimizer(model, options);
        model.train();

        if (options.SampleDp is { } dp)
        {
            void Adjust()
            {
                if (anchor is not null) AddProximalGradient(parameters, anchor, objective.ProximalMu);
                if (correction is not null) AddCorrection(parameters, correction);
            }
            var usage = PrivateEpochs.Run(spec, model, x, y, classWeights, optimizer, options, dp, Adjust, cancellationToken);
            // The loss of real rows carries no noise; see LocalTrainingResult.MeanLoss.
            return new LocalTrainingResult(ModuleWeights.ToWeights(model, into), usage.Steps, n, double.NaN)
            {
                EffectiveSteps = EffectiveSteps(options, usage.Steps),
                SampleDp = usage,
            };
        }

        var batchLoss = BatchLosses.For(spec, model, data, x, y, classWeights, options, device);
        var random = new Random(options.Seed);
        var order = new long[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var totalSteps = options.Epochs * (int)((n + options.BatchSize - 1) / options.BatchSize);
        var steps = 0;
        // Σ_k lr_k·(1 − β^k)/(1 − β): how far a unit gradient held through the run moves the weights (see EffectiveSteps).
        var travel = 0.0;
        var meanLoss = double.NaN;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            using var epochScope = NewDisposeScope();
            var permutation = tensor(order).to(device);
            lossSum.zero_();
            for (long offset = 0; offset < n; offset += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = Math.Min(options.BatchSize, n - offset);
                using var batch = NewDisposeScope();
                var dataLoss = batchLoss(permutation.narrow(0, offset, size));
                var loss = anchor is null ? dataLoss : dataLoss.Plus(ProximalSquaredDistance(parameters, anchor).mul(halfMu));

                var rate = options.StepLearningRate(steps, totalSteps);
                optimizer.Rate = rate;
                optimizer.ZeroGrad();
                loss.backward();
                if (correction is not null) AddCorrection(parameters, correction);
                optimizer.Step();

                lossSum.add_(dataLoss.detach(), HeldScalars.Of(size));
                steps++;
                travel += rate * MomentumCarry(options.Momentum, steps);
            }
            meanLoss = lossSum.item<float>() / n;
        }

        var effective = options.Optimizer == OptimizerKind.Sgd ? travel / options.RoundLearningRate : (double?)null;
        return new LocalTrainingResult(ModuleWeights.ToWeights(model, into), steps, n, meanLoss) { EffectiveSteps = effective };
    }

    /// <summary>SGD or Adam as torch.optim computes them, holding the Scalars they hand libtorch (<see cref="IRootedOptimizer"/>).</summary>
    private static IRootedOptimizer CreateOptimizer(nn.Module model, TrainingOptions options) => options.Optimizer switch
    {
        OptimizerKind.Sgd => new RootedSgd(model.parameters(), options.RoundLearningRate, options.Momentum, options.WeightDecay),
        OptimizerKind.Adam => new RootedAdam(model.parameters(), options.RoundLearningRate, weightDecay: options.WeightDecay),
        _ => throw new ArgumentException($"Unknown optimizer {options.Optimizer}."),
    };

    private static Dictionary<string, Tensor>? Upload(Dictionary<string, Tensor> state, ModelWeights? weights, string what, Device device)
    {
        if (weights is null) return null;
        ModuleWeights.EnsureMatches(state, weights, what);
        return ModuleWeights.ToTensors(weights, device);
    }

    private static Tensor ProximalSquaredDistance(List<(string Name, Parameter Value)> parameters, Dictionary<string, Tensor> anchor)
    {
        Tensor? total = null;
        foreach (var (name, p) in parameters)
        {
            var term = (p - anchor[name]).Squared().sum();
            total = total is null ? term : total.Plus(term);
        }
        return total!;
    }

    /// <summary>FedProx's term μ/2·‖w − anchor‖² as a gradient, for DP-SGD, which sets gradients rather than losses.</summary>
    private static void AddProximalGradient(List<(string Name, Parameter Value)> parameters, Dictionary<string, Tensor> anchor, double mu)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var alpha = mu.ToScalar();
        foreach (var (name, p) in parameters) p.grad?.add_((p - anchor[name]), alpha);
    }

    /// <summary>
    /// SCAFFOLD: c − c_i joins the gradient, so the optimizer treats it as the paper's corrected
    /// gradient. The client divides the displacement by <see cref="EffectiveSteps"/>, which accounts
    /// for momentum, so the control variates stay on the gradient's scale.
    /// </summary>
    private static void AddCorrection(List<(string Name, Parameter Value)> parameters, Dictionary<string, Tensor> correction)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in parameters)
        {
            if (correction.TryGetValue(name, out var c)) p.grad?.add_(c, HeldScalars.Of(1));
        }
    }

    /// <summary>
    /// Σ_j (1 − β^(K−j+1)) / (1 − β): the weight all K gradients of a constant-rate run get in the
    /// displacement under momentum β, in steps of the round's rate. DP-SGD runs use it (their rate is
    /// constant within the round); ordinary runs add up <see cref="MomentumCarry"/> step by step,
    /// which gives the same number at a constant rate and the right one under a schedule.
    /// </summary>
    internal static double? EffectiveSteps(TrainingOptions options, int steps)
    {
        if (options.Optimizer != OptimizerKind.Sgd) return null;
        var beta = options.Momentum;
        if (beta == 0) return steps;
        return (steps - beta * (1 - Math.Pow(beta, steps)) / (1 - beta)) / (1 - beta);
    }

    /// <summary>
    /// (1 − β^k)/(1 − β): PyTorch's SGD keeps buf = β·buf + g and moves by lr_k·buf, so a gradient
    /// held constant for k steps moves the weights at step k by lr_k times this. Summed over the run it
    /// is the displacement per unit gradient, which SCAFFOLD divides by (the identity
    /// Σ_j Σ_{k≥j} lr_k β^(k−j) = Σ_k lr_k Σ_{j≤k} β^(k−j)).
    /// </summary>
    internal static double MomentumCarry(double beta, int k) => beta == 0 ? 1 : (1 - Math.Pow(beta, k)) / (1 - beta);
}
