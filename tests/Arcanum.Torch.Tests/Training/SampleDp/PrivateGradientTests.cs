using Arcanum.Core.Learning;
using Arcanum.Torch.Tests.Support;
using Arcanum.Torch.Training.SampleDp;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Training.SampleDp;

/// <summary>Batched per-record gradients equal a one-record-at-a-time loop's, clipped as Opacus clips.</summary>
public sealed class PrivateGradientTests
{
    public static TheoryData<string, double> Cases => new()
    {
        { "logreg", 1e6 }, { "logreg", 0.05 },
        { "mlp", 1e6 }, { "mlp", 0.05 },
        { "cnn", 1e6 }, { "cnn", 0.05 },
    };

    private static ModelSpec Spec(string kind) => kind switch
    {
        "logreg" => Some.LogReg(features: 6, classes: 3),
        "mlp" => Some.Mlp(features: 10, classes: 4, 16, 8),
        // The CNN's layout on small images (fc1 gets 64·3·3 inputs), so the reference loop stays quick.
        _ => new ModelSpec(ModelKind.Cnn, [2, 12, 12], 5, [32]),
    };

    private static PrivateGradient Gradient(TracedModel traced, double clip) =>
        new(traced, new SampleDpSettings(1, clip), expectedBatch: 1, new Generator(1, CPU));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClippedSums_NoNoise_EqualThePerRecordLoop(string kind, double clip)
    {
        // Given 7 records; clip 1e6 never bites (the plain sum), clip 0.05 bites on every record
        TorchRuntime.EnsureLoaded();
        var (model, traced, x, y) = PerRecordLoop.Problem(Spec(kind), rows: 7);
        var classWeights = kind == "mlp" ? tensor(new float[] { 0.5f, 1, 2, 1.5f }) : null;
        var expected = PerRecordLoop.ClippedSum(PerRecordLoop.Gradients(model, traced, x, y, classWeights), clip);

        // When
        var actual = PerRecordLoop.Flatten(Gradient(traced, clip).ClippedSums(x, y, classWeights, clip));

        // Then
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5 * scale, $"largest difference {worst:G3} (largest value {scale:G3})");
    }

    [Theory]
    [InlineData("logreg")]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void PerRecordNorms_EqualTheLoopsNorms(string kind)
    {
        // Given
        TorchRuntime.EnsureLoaded();
        var (model, traced, x, y) = PerRecordLoop.Problem(Spec(kind), rows: 5, seed: 2);
        var expected = PerRecordLoop.Gradients(model, traced, x, y, null).Select(PerRecordLoop.Norm).ToArray();

        // When
        var actual = Gradient(traced, 1).PerRecordNorms(x, y, null).data<float>().ToArray();

        // Then
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5 * Math.Max(1, expected[i]));
    }

    [Fact]
    public void ClippedSums_EachRecord_ContributesAtMostTheClippingNorm()
    {
        // Given records whose gradients are far longer than C = 0.01
        TorchRuntime.EnsureLoaded();
        var (model, traced, x, y) = PerRecordLoop.Problem(Spec("mlp"), rows: 6, seed: 3);
        var norms = PerRecordLoop.Gradients(model, traced, x, y, null).Select(PerRecordLoop.Norm).ToArray();
        Assert.All(norms, n => Assert.True(n > 0.1, $"norm {n}"));

        for (var i = 0; i < 6; i++)
        {
            // When one record's clipped gradient is taken alone
            var sums = Gradient(traced, 0.01).ClippedSums(x.narrow(0, i, 1), y.narrow(0, i, 1), null, 0.01);
            var one = PerRecordLoop.Flatten(sums);

            // Then its norm is the clipping norm (minus the 1e-6 guard)
            Assert.Equal(0.01, PerRecordLoop.Norm(one), 1e-6);
        }
    }

    [Fact]
    public void Forward_IsTheModulesOwnForward()
    {
        // Given
        TorchRuntime.EnsureLoaded();
        foreach (var kind in new[] { "logreg", "mlp", "cnn" })
        {
            var (model, traced, x, _) = PerRecordLoop.Problem(Spec(kind), rows: 3);
            using var noGrad = no_grad();

            // When / Then
            Assert.True(traced.Forward(x).allclose(model.forward(x), rtol: 0, atol: 1e-6), kind);
        }
    }

    [Fact]
    public void Apply_NoRecords_LeavesNoiseOfTheCalibratedScale()
    {
        // Given 1010 parameters, σ = 1.5, C = 2 and an expected batch of 100
        TorchRuntime.EnsureLoaded();
        var (_, traced, x, y) = PerRecordLoop.Problem(Some.LogReg(features: 100, classes: 10), rows: 1);
        var settings = new SampleDpSettings(1.5, 2);
        var gradient = new PrivateGradient(traced, settings, expectedBatch: 100, new Generator(5, CPU));
        var samples = new List<float>();

        // When a step draws no records, 20 times
        for (var i = 0; i < 20; i++)
        {
            gradient.Apply(x.narrow(0, 0, 0), y.narrow(0, 0, 0), null);
            samples.AddRange(PerRecordLoop.Flatten(traced.Layers.SelectMany(l => l.Parameters).Select(p => p.grad!)));
        }

        // Then the gradient is pure noise with standard deviation σ·C / (q·N) = 0.03
        var std = Math.Sqrt(samples.Average(v => (double)v * v));
        Assert.InRange(std, 0.03 * 0.98, 0.03 * 1.02);
    }

    [Fact]
    public void EnsureSupported_BatchNorm_IsRefusedByName()
    {
        // Given a model with a layer that mixes the records of a batch
        TorchRuntime.EnsureLoaded();
        nn.Module model;
        lock (TorchRuntime.RandomLock) model = nn.Sequential(("fc", nn.Linear(4, 3)), ("norm", nn.BatchNorm1d(3)));

        // When
        var error = Assert.Throws<NotSupportedException>(() => TracedModel.EnsureSupported(model));

        // Then
        Assert.Contains("'norm' (BatchNorm1d)", error.Message);
        Assert.Contains("GroupNorm", error.Message);
    }
}
