using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class FedProxTests
{
    private static readonly AlgorithmOptions FedProx = new() { Algorithm = "fedprox", ProximalMu = 0.1 };

    [Fact]
    public void CreateTask_FedProx_CarriesMu()
    {
        // Given / When
        var task = Server(FedProx).CreateTask(1, Of([1, 2]));

        // Then
        Assert.Equal(0.1, task.ProximalMu);
    }

    [Fact]
    public void Prepare_TaskWithMu_ReturnsProximalTermAnchoredAtGlobal()
    {
        // Given
        var global = Of([1, 2]);
        var task = Server(FedProx).CreateTask(1, global);

        // When
        var objective = Client(FedProx).Prepare(task);

        // Then the local loss gets (0.1/2)·‖w − global‖², and nothing else
        Assert.Equal(0.1, objective.ProximalMu);
        Assert.Same(global, objective.ProximalAnchor);
        Assert.Null(objective.GradientCorrection);
    }

    [Fact]
    public void Prepare_FedAvgTask_ReturnsPlainObjective()
    {
        // Given
        var options = new AlgorithmOptions { Algorithm = "fedavg" };
        var task = Server(options).CreateTask(1, Of([1]));

        // When
        var objective = Client(options).Prepare(task);

        // Then
        Assert.Same(LocalObjective.Plain, objective);
    }

    [Fact]
    public void Complete_FedProxServer_AggregatesLikeFedAvg()
    {
        // Given the FedAvg example: site A (1 sample) and site B (3 samples)
        var results = new[] { Result("a", 1, Of([1, 2, 3])), Result("b", 3, Of([5, 6, 7])) };

        // When
        var next = Run(Server(FedProx), 1, Of([0, 0, 0]), 2, results);

        // Then (1·[1,2,3] + 3·[5,6,7]) / 4
        AssertValues(next, [4, 5, 6]);
    }

    [Fact]
    public void Complete_Client_SendsTrainedWeightsAndSampleCount()
    {
        // Given
        var task = Server(FedProx).CreateTask(1, Of([0, 0]));
        var trained = new LocalTrainingResult(Of([1, 2]), Steps: 5, Samples: 40, MeanLoss: 0.3);

        // When
        var result = Client(FedProx).Complete(task, trained, 0.1, "site-a");

        // Then
        Assert.Equal("site-a", result.Site);
        Assert.Equal(40, result.SampleCount);
        Assert.Same(trained.Weights, result.Weights);
        Assert.Null(result.ControlDelta);
        Assert.Equal(5, result.LocalSteps);
    }
}
