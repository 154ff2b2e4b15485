using Arcanum.Core.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// Builds the TorchSharp module for a <see cref="ModelSpec"/>. Public for tools that drive TorchSharp
/// directly (benchmarks); the rest of Arcanum goes through <see cref="TorchLearner"/> and named arrays.
/// </summary>
public static class ModelFactory
{
    // Module construction draws from libtorch's process-wide generator. Every construction takes
    // TorchRuntime.RandomLock, so a seeded Initialize gets the same draws even while other threads
    // build models or fit synthesizers.

    /// <summary>A new module for <paramref name="spec"/> on the CPU, randomly initialised.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec) => Create(spec, seed: null, device: null);

    /// <summary>
    /// A new module for <paramref name="spec"/>; with a <paramref name="seed"/> its initial weights are
    /// a function of the seed alone. Initialised on the CPU (same numbers on every device), then moved.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, int? seed, Device? device)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        nn.Module<Tensor, Tensor> module;
        lock (TorchRuntime.RandomLock)
        {
            if (seed is { } s) manual_seed(s);
            module = Build(spec);
        }
        if (device is not null && device.type != DeviceType.CPU) module.to(device);
        return module;
    }

    private static nn.Module<Tensor, Tensor> Build(ModelSpec spec) => spec.Kind switch
    {
        ModelKind.LogisticRegression => new LogisticRegression(spec.InputSize, spec.ClassCount),
        ModelKind.Mlp => new Mlp(spec.InputSize, spec.HiddenSizes, spec.ClassCount),
        ModelKind.Cnn => new Cnn(spec.InputShape[0], spec.InputShape[1], spec.InputShape[2],
            spec.HiddenSizes.Length > 0 ? spec.HiddenSizes[0] : Cnn.DefaultDenseWidth, spec.ClassCount),
        ModelKind.UNet => new UNet(spec.InputShape[0], spec.HiddenSizes),
        _ => throw new ArgumentException($"Unknown model kind {spec.Kind}."),
    };
}
