using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class FedAvgServerTests
{
    private static readonly AlgorithmOptions FedAvg = new() { Algorithm = "fedavg" };

    [Fact]
    public void Complete_TwoSites_ReturnsSampleWeightedMean()
    {
        // Given site A with 1 sample and site B with 3
        var server = Server(FedAvg);
        var global = Of([0, 0, 0], [0, 0]);

        // When
        var next = Run(server, 1, global, 2,
            Result("a", 1, Of([1, 2, 3], [0, 4])),
            Result("b", 3, Of([5, 6, 7], [4, 0])));

        // Then w = (1·[1,2,3] + 3·[5,6,7]) / 4 = [4,5,6]; b = (1·[0,4] + 3·[4,0]) / 4 = [3,1]
        AssertValues(next, [4, 5, 6], [3, 1]);
    }

    [Fact]
    public void Complete_ThreeSites_ReturnsSampleWeightedMean()
    {
        // Given a third site C with 4 samples and zero weights
        var server = Server(FedAvg);

        // When
        var next = Run(server, 1, Of([0, 0, 0], [0, 0]), 3,
            Result("a", 1, Of([1, 2, 3], [0, 4])),
            Result("b", 3, Of([5, 6, 7], [4, 0])),
            Result("c", 4, Of([0, 0, 0], [2, 2])));

        // Then w = [16,20,24]/8 = [2, 2.5, 3]; b = ([0,4] + [12,0] + [8,8]) / 8 = [2.5, 1.5]
        AssertValues(next, [2, 2.5f, 3], [2.5f, 1.5f]);
    }

    [Fact]
    public void Complete_ArrivalOrder_DoesNotChangeTheMean()
    {
        // Given the same three results in two orders
        var results = new[]
        {
            Result("a", 1, Of([1, 2, 3], [0, 4])),
            Result("b", 3, Of([5, 6, 7], [4, 0])),
            Result("c", 4, Of([0, 0, 0], [2, 2])),
        };

        // When
        var forward = Run(Server(FedAvg), 1, Of([0, 0, 0], [0, 0]), 3, results);
        var backward = Run(Server(FedAvg), 1, Of([0, 0, 0], [0, 0]), 3, [.. results.Reverse()]);

        // Then
        AssertValues(backward, forward.Arrays.Select(a => a.Data).ToArray());
    }

    [Fact]
    public void Add_SameSiteTwice_ThrowsAndCountsItOnce()
    {
        // Given a round that has site A's result
        var aggregation = Server(FedAvg).BeginRound(1, Of([0, 0]), 2);
        aggregation.Add(Result("a", 1, Of([2, 2])));

        // When site A reports again
        var error = Assert.Throws<InvalidOperationException>(() => aggregation.Add(Result("a", 1, Of([100, 100]))));

        // Then the second result is ignored
        Assert.Contains("'a'", error.Message);
        Assert.Equal(1, aggregation.Count);
        AssertValues(aggregation.Complete(), [2, 2]);
    }

    [Fact]
    public void Add_MismatchedShape_ThrowsNamingArrayAndSite()
    {
        // Given a model with arrays w [2] and b [1]
        var aggregation = Server(FedAvg).BeginRound(1, Of([0, 0], [0]), 2);

        // When site B sends b with 2 values
        var error = Assert.Throws<ArgumentException>(() => aggregation.Add(Result("site-b", 1, Of([1, 1], [1, 1]))));

        // Then
        Assert.Contains("'b'", error.Message);
        Assert.Contains("site-b", error.Message);
        Assert.Equal(0, aggregation.Count);
    }

    [Fact]
    public void Add_RejectedResult_SiteCanStillReport()
    {
        // Given a rejected malformed result from site A
        var aggregation = Server(FedAvg).BeginRound(1, Of([0, 0]), 1);
        Assert.Throws<ArgumentException>(() => aggregation.Add(Result("a", 1, Of([1, 1, 1]))));

        // When A sends a well-formed result
        aggregation.Add(Result("a", 1, Of([3, 4])));

        // Then it counts
        AssertValues(aggregation.Complete(), [3, 4]);
    }

    [Fact]
    public void Add_MoreResultsThanSites_Throws()
    {
        // Given a federation of one site that has reported
        var aggregation = Server(FedAvg).BeginRound(1, Of([0]), 1);
        aggregation.Add(Result("a", 1, Of([1])));

        // When / Then
        Assert.Throws<InvalidOperationException>(() => aggregation.Add(Result("b", 1, Of([1]))));
    }

    [Fact]
    public void Add_ZeroSamples_Throws()
    {
        // Given
        var aggregation = Server(FedAvg).BeginRound(1, Of([0]), 2);

        // When
        var error = Assert.Throws<ArgumentException>(() => aggregation.Add(Result("a", 0, Of([1]))));

        // Then
        Assert.Contains("at least one sample", error.Message);
    }

    [Fact]
    public void Complete_NoResults_Throws()
    {
        // Given
        var aggregation = Server(FedAvg).BeginRound(3, Of([0]), 2);

        // When
        var error = Assert.Throws<InvalidOperationException>(aggregation.Complete);

        // Then
        Assert.Contains("Round 3", error.Message);
    }

    [Fact]
    public void Add_AfterComplete_Throws()
    {
        // Given a completed round
        var aggregation = Server(FedAvg).BeginRound(1, Of([0]), 2);
        aggregation.Add(Result("a", 1, Of([1])));
        aggregation.Complete();

        // When / Then
        Assert.Throws<InvalidOperationException>(() => aggregation.Add(Result("b", 1, Of([1]))));
        Assert.Throws<InvalidOperationException>(aggregation.Complete);
    }

    [Fact]
    public void Complete_GlobalWeights_AreNotModified()
    {
        // Given
        var global = Of([1, 1]);

        // When
        Run(Server(FedAvg), 1, global, 1, Result("a", 1, Of([5, 5])));

        // Then
        AssertValues(global, [1, 1]);
    }

    [Fact]
    public void CreateTask_FedAvg_CarriesGlobalAndNoExtras()
    {
        // Given
        var global = Of([1]);

        // When
        var task = Server(FedAvg).CreateTask(4, global);

        // Then
        Assert.Equal(4, task.Round);
        Assert.Same(global, task.Global);
        Assert.Equal(0, task.ProximalMu);
        Assert.Null(task.ServerControl);
    }
}
