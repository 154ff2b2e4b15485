using System.Diagnostics;
using Arcanum.Core.Privacy;
using Xunit.Abstractions;

namespace Arcanum.Core.Tests.Privacy;

public sealed class PrvAccountantTests(ITestOutputHelper output)
{
    private const double Delta = 1e-5;

    // privacy_anchors.md §4b: the PRV column, computed with Opacus' own PRVAccountant (eps_error 0.01,
    // delta_error δ/1000, upper bound). Our answer must land within 0.01 of it.
    [Theory]
    [InlineData(1.3, 0.004, 3750, 1e-5, 0.8436)] // MNIST README, 15 epochs ("Opacus' 0.84")
    [InlineData(1.1, 0.004, 15000, 1e-5, 2.3055)] // MNIST README, 60 epochs
    [InlineData(0.7, 0.004, 11250, 1e-5, 5.4415)] // MNIST README, 45 epochs
    [InlineData(1.1, 0.01, 10000, 1e-5, 5.2029)] // Abadi et al.-like
    [InlineData(3.0, 0.08192, 2000, 1e-5, 5.7846)] // CIFAR-like, batch 4096 of 50,000
    [InlineData(1.0, 1.0, 1, 1e-5, 4.3874)] // full batch, one step
    [InlineData(0.8, 0.001, 100000, 1e-6, 2.9246)] // small q, long run
    public void ComputeEpsilon_OpacusTestVectors_WithinOneHundredth(double sigma, double q, long steps, double delta, double opacus)
    {
        // When
        var watch = Stopwatch.StartNew();
        var epsilon = PrvAccountant.ComputeEpsilon(sigma, q, steps, delta);
        output.WriteLine($"σ={sigma} q={q} T={steps}: ε={epsilon:F4} (Opacus {opacus}) in {watch.ElapsedMilliseconds} ms");

        // Then
        Assert.Equal(opacus, epsilon, 0.01);
    }
}
