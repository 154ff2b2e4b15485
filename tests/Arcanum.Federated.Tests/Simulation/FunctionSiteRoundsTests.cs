using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Simulation;

/// <summary>Sites whose training is a function take part in the engine's rounds like learner sites: averaged by their counts, in order.</summary>
public sealed class FunctionSiteRoundsTests
{
    private static ModelWeights Filled(float value) => new([new NamedArray("w", [2], [value, value])]);

    /// <summary>A site that moves every weight by <paramref name="step"/> and weighs <paramref name="count"/>; it records the rounds it saw.</summary>
    private static FunctionSite Site(string name, float step, long count, List<(string, int, float)> seen) => new(name, (task, _) =>
    {
        var start = task.Global["w"].Data[0];
        lock (seen) seen.Add((name, task.Round, start));
        return new SiteRoundOutcome(new RoundResult(name, count, Filled(start + step), null, 1), TrainLoss: step);
    });

    [Fact]
    public void FedAvg_weighs_each_sites_weights_by_its_count_and_every_round_starts_from_the_last_mean()
    {
        var seen = new List<(string, int, float)>();
        var rounds = new List<double?>();
        var final = FunctionSiteRounds.Run(new AlgorithmOptions(), rounds: 2, seed: 1, Filled(0),
            [Site("a", 3, 1, seen), Site("b", 6, 2, seen)], parallelism: 2, report => rounds.Add(report.MeanLoss), CancellationToken.None);

        // Round 1: (1·3 + 2·6) / 3 = 5; round 2: 5 + 5 = 10.
        Assert.Equal([10f, 10f], final["w"].Data);
        Assert.Contains(("a", 2, 5f), seen);
        Assert.Contains(("b", 2, 5f), seen);
        Assert.Equal(4, seen.Count);
        Assert.Equal([5.0, 5.0], rounds);   // losses weighed like the weights
    }

    [Theory]
    [InlineData("fedprox")]
    [InlineData("scaffold")]
    public void Algorithms_that_change_the_local_loss_are_refused(string algorithm)
    {
        var e = Assert.Throws<ArgumentException>(() => FunctionSiteRounds.Run(new AlgorithmOptions { Algorithm = algorithm }, 1, 1, Filled(0),
            [Site("a", 1, 1, [])], 1, null, CancellationToken.None));
        Assert.Contains("fedavg, fedavgm, fedadam", e.Message);
    }
}
