using System.Runtime.InteropServices;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Schema;
using Arcanum.Torch.Synthesis;
using Arcanum.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>
/// Garbage collections started by another thread while a fit runs (the CLI's progress callbacks, a server's
/// requests, other tests) must not free a Scalar libtorch is still reading. With TorchSharp's temporary
/// Scalars the DP-CTGAN fit on Adult failed after minutes ("Expected false to be true" in leaky_relu,
/// "Unknown scalar type" in Adam); a thread that collects over and over makes the same failure show in
/// seconds.
/// </summary>
[Collection(GcPressure.Name)]
public sealed class CollectionDuringFitTests
{
    [Theory]
    [InlineData("ctgan", true)]
    [InlineData("ctgan", false)]
    [InlineData("tvae", true)]
    public void Fit_WhileAnotherThreadCollects_CompletesAndGenerates(string kind, bool dp)
    {
        // Given a small table and a thread that forces collections and runs finalizers over and over
        var real = Cohort.Make(200, 11);
        var schema = TableSchema.Learn(real);
        var options = new NeuralOptions
        {
            Epochs = kind == "ctgan" ? 6 : 15, BatchSize = 50, ValidationShare = 0, Seed = 4,
            Privacy = dp ? new DifferentialPrivacy(10) : null,
        };
        var collector = new CollectingThread();

        // When the model fits and generates meanwhile
        int generated;
        using (collector)
        {
            using var model = kind == "ctgan"
                ? (IDisposable)CtganSynthesizer.Fit(real, schema, options)
                : TvaeSynthesizer.Fit(real, schema, options);
            generated = ((ISynthesizer)model).Generate(200, null, 1).RowCount;
        }

        // Then nothing libtorch read was freed under it
        Assert.Equal(200, generated);
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran during the fit");
    }

    [Fact]
    public void BatchNormForward_WhileAnotherThreadCollects_NeverFails()
    {
        // Given CTGAN's batch normalisation in training mode and a thread that collects over and over
        // (TorchSharp's nn.BatchNorm1d failed here in most runs, its batch count's freed Scalars read as "Unknown
        // scalar type", "Expected false to be true" or "argument alpha must not be a floating point number")
        TorchRuntime.EnsureLoaded();
        using var norm = new HeldBatchNorm1d(16);
        norm.train();
        var rows = randn(32, 16);
        var failures = new List<string>();
        var collector = new CollectingThread();

        // When it normalises many batches meanwhile
        using (collector)
        {
            for (var i = 0; i < 20_000; i++)
            {
                using var scope = NewDisposeScope();
                try
                {
                    norm.forward(rows);
                }
                catch (ExternalException e)
                {
                    failures.Add(e.Message);
                }
            }
        }

        // Then no count or statistic was computed with a freed Scalar
        Assert.Empty(failures);
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran");
    }
}
