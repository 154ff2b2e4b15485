using Arcanum.Core.Weights;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum simulate --secure-aggregation</c>: the plain FedAvg model, without the server seeing any site's update.</summary>
public sealed class SimulateSecureTests
{
    [Fact]
    public void Simulate_SecureAggregation_GivesThePlainModelWithinTheQuantisationBound()
    {
        // Given the same study twice, plain and with secure aggregation
        using var dir = new TempDir();
        var plain = CliRun.Of("simulate", "--rounds", "3", "--min-sites", "3", "--out", dir.Sub("plain"));
        var secure = CliRun.Of("simulate", "--rounds", "3", "--min-sites", "3", "--secure-aggregation", "--out", dir.Sub("secure"));

        // Then both run, and the models agree to quantisation error (about 1e-5 per round here)
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, secure.ExitCode);
        var a = SafeTensors.Read(Path.Combine(dir.Sub("plain"), "model.safetensors"));
        var b = SafeTensors.Read(Path.Combine(dir.Sub("secure"), "model.safetensors"));
        var largest = a.Arrays.Zip(b.Arrays).SelectMany(p => p.First.Data.Zip(p.Second.Data, (x, y) => Math.Abs(x - y))).Max();
        Assert.InRange(largest, 0, 1e-4);
        Assert.Contains("Secure aggregation (SecAgg+)", File.ReadAllText(Path.Combine(dir.Sub("secure"), "report.html")));
    }

    [Fact]
    public void Simulate_SecureAggregationWithScaffold_IsRefusedNamingTheAlgorithmsThatWork()
    {
        using var dir = new TempDir();
        var run = CliRun.Of("simulate", "--algorithm", "scaffold", "--min-sites", "3", "--secure-aggregation", "--out", dir.Sub("run"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("secure_aggregation does not work with scaffold", run.Error);
        Assert.Contains("fedavg, fedprox, fedadam", run.Error);
    }
}
