namespace Arcanum.Torch;

/// <summary>
/// An optimizer whose step hands libtorch only Scalars it holds (see <see cref="HeldScalars"/>): TorchSharp's own
/// SGD and Adam pass temporary ones, which a garbage collection on another thread can free mid-call.
/// </summary>
internal interface IRootedOptimizer : IDisposable
{
    /// <summary>The learning rate of the next <see cref="Step"/> (schedules change it between steps).</summary>
    double Rate { get; set; }

    /// <summary>Zeroes the gradients in place.</summary>
    void ZeroGrad();

    /// <summary>One step over the parameters that have a gradient.</summary>
    void Step();
}
