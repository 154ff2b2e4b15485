using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// Batch normalisation over rows, [rows, features], as torch's <c>nn.BatchNorm1d(features)</c> computes it
/// (Ioffe and Szegedy 2015): in training, each feature is normalised by its batch mean and biased variance, and
/// the running mean and unbiased variance move toward them by momentum 0.1; in evaluation, the running
/// statistics normalise. Then the learned scale (<c>weight</c>, 1 at start) and shift (<c>bias</c>, 0 at start).
/// The arithmetic is libtorch's own batch_norm, to which TorchSharp hands momentum and ε as plain doubles.
/// TorchSharp's module is not used because its forward counts the batch with <c>num_batches_tracked.add_(1)</c>,
/// which passes libtorch two temporary Scalars that a garbage collection on another thread can free mid-call
/// (see <see cref="HeldScalars"/>); here the count is added with Scalars held for the life of the process.
/// The parameter and buffer names and their order are torch's, so generators saved with
/// <c>nn.BatchNorm1d</c> load unchanged.
/// </summary>
internal sealed class HeldBatchNorm1d : nn.Module<Tensor, Tensor>
{
    private const double Momentum = 0.1;
    private const double Epsilon = 1e-5;

    // An int64 Scalar: the counter is int64, and libtorch refuses a floating-point value or alpha for it in place.
    private static readonly Scalar One = 1L.ToScalar();

    // Field names are the state keys, and TorchSharp's to(device) finds the fields by them to swap in moved tensors.
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;

    public HeldBatchNorm1d(long features) : base(nameof(HeldBatchNorm1d))
    {
        // Detached from any dispose scope: the module outlives the call that builds it.
        weight = new Parameter(ones(features).DetachFromDisposeScope());
        bias = new Parameter(zeros(features).DetachFromDisposeScope());
        running_mean = zeros(features).DetachFromDisposeScope();
        running_var = ones(features).DetachFromDisposeScope();
        num_batches_tracked = tensor(0L).DetachFromDisposeScope();
        register_parameter(nameof(weight), weight);
        register_parameter(nameof(bias), bias);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
        register_buffer(nameof(num_batches_tracked), num_batches_tracked);
    }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2)
            throw new ArgumentException($"Expected rows × features, got {input.dim()} dimensions.", nameof(input));
        // With a fixed momentum the count only travels with the saved state, as torch's does.
        if (training) num_batches_tracked.add_(One, One);
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
    }
}
