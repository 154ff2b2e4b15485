using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using Arcanum.Torch.Training;
using TorchSharp;

namespace Arcanum.Torch;

/// <summary>
/// The TorchSharp implementation of <see cref="ILearner"/>. Stateless between calls and thread-safe:
/// every call loads its own weights into a module of its own (rented from a pool, so concurrent calls
/// never share one) on the learner's device and returns plain named arrays.
/// </summary>
public sealed class TorchLearner : ILearner
{
    private readonly torch.Device _device;

    /// <summary>Weights handed back by <see cref="Recycle"/>, for the next training run to write its result into.</summary>
    private ModelWeights? _recycled;

    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    public TorchLearner(string device = "cpu")
    {
        TorchRuntime.EnsureLoaded();
        _device = TorchRuntime.ResolveDevice(device);
        DeviceName = device;
    }

    /// <summary>The device this learner trains and predicts on, as given.</summary>
    public string DeviceName { get; }

    /// <inheritdoc />
    public ModelWeights Initialize(ModelSpec spec, int seed)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(spec);
        using var model = ModelFactory.Create(spec, seed, torch.CPU);
        return ModuleWeights.ToWeights(model);
    }

    /// <inheritdoc />
    public LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(objective);
        spec.Validate();
        options.Validate();
        InputChecks.EnsureData(spec, data);
        if (data.Count == 0) throw new ArgumentException("There are no samples to train on.", nameof(data));
        InputChecks.EnsureOptions(spec, options);
        InputChecks.EnsureTrainingData(spec, data, options);
        InputChecks.EnsureObjective(objective);
        // A recycled model goes to one run only; a run whose model has other arrays writes fresh ones.
        return LocalTrainer.Run(spec, start, data, options, objective, _device, cancellationToken, Interlocked.Exchange(ref _recycled, null));
    }

    /// <inheritdoc />
    public void Recycle(ModelWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Volatile.Write(ref _recycled, weights);
    }

    /// <inheritdoc />
    public float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        spec.Validate();
        InputChecks.EnsureData(spec, data);
        return Predictor.Run(spec, weights, data, _device);
    }

    public override string ToString() => $"TorchLearner({DeviceName})";
}
