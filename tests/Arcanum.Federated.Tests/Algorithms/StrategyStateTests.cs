using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class StrategyStateTests
{
    public static TheoryData<string> AllKinds => [.. AlgorithmRegistry.Names];

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ImportState_IntoFreshServer_GivesIdenticalNextRound(string kind)
    {
        // Given a server after one round, and a fresh server that imports its state
        var options = new AlgorithmOptions { Algorithm = kind };
        var original = Server(options);
        var x0 = Of([0.1f, -0.2f, 0.3f], [1]);
        original.CreateTask(1, x0);
        var x1 = Run(original, 1, x0, 3,
            Result("a", 5, Plus(x0, [0.3f, 0.1f, -0.2f], [0.5f]), Of([0.1f, 0.2f, 0.3f], [0.4f])),
            Result("b", 2, Plus(x0, [-0.1f, 0.4f, 0.2f], [-0.3f]), Of([0.3f, -0.2f, 0.1f], [0.2f])));
        var resumed = Server(options);
        resumed.ImportState(original.ExportState());

        // When both run the same second round
        RoundResult[] round2 =
        [
            Result("a", 4, Plus(x1, [0.2f, -0.1f, 0.1f], [0.1f]), Of([0.2f, 0.1f, 0], [0.1f])),
            Result("c", 1, Plus(x1, [0.1f, 0.3f, -0.3f], [0.2f]), Of([0, 0.1f, 0.2f], [0.3f])),
        ];
        var fromOriginal = Run(original, 2, x1, 3, round2);
        var fromResumed = Run(resumed, 2, x1, 3, round2);

        // Then the weights and the state are bit-for-bit the same
        AssertIdentical(fromOriginal, fromResumed);
        AssertIdentical(original.ExportState(), resumed.ExportState());
    }

    [Fact]
    public void ImportState_ExportedStateIsACopy()
    {
        // Given FedAvgM state exported after a round
        var server = Server(new AlgorithmOptions { Algorithm = "fedavgm" });
        Run(server, 1, Of([0]), 1, Result("a", 1, Of([1])));
        var state = server.ExportState();

        // When the exported arrays are changed
        state.Arrays[0].Data[0] = 99;

        // Then the server's state is not
        AssertValues(server.ExportState(), [1]);
    }

    [Fact]
    public void ImportState_StateOfAnotherAlgorithm_ThrowsClearError()
    {
        // Given FedAvgM state
        var fedAvgM = Server(new AlgorithmOptions { Algorithm = "fedavgm" });
        Run(fedAvgM, 1, Of([0]), 1, Result("a", 1, Of([1])));

        // When it is imported into FedAdam
        var error = Assert.Throws<ArgumentException>(() => Server(new AlgorithmOptions { Algorithm = "fedadam" }).ImportState(fedAvgM.ExportState()));

        // Then
        Assert.Contains("'momentum/w'", error.Message);
    }

    [Fact]
    public void ImportState_NonEmptyIntoStatelessFedAvg_Throws()
    {
        // Given / When / Then
        Assert.Throws<ArgumentException>(() => Server(new AlgorithmOptions()).ImportState(Of([1])));
    }

    [Fact]
    public void BeginRound_ImportedStateForAnotherModel_ThrowsNamingArray()
    {
        // Given FedAvgM state for a model with array w [1]
        var source = Server(new AlgorithmOptions { Algorithm = "fedavgm" });
        Run(source, 1, Of([0]), 1, Result("a", 1, Of([1])));
        var server = Server(new AlgorithmOptions { Algorithm = "fedavgm" });
        server.ImportState(source.ExportState());

        // When a round starts on a model where w has 2 values
        var error = Assert.Throws<ArgumentException>(() => server.BeginRound(2, Of([0, 0]), 1));

        // Then
        Assert.Contains("'w'", error.Message);
    }

    [Fact]
    public void ImportState_ScaffoldClient_RestoresSiteControl()
    {
        // Given a SCAFFOLD site after one round (c_i = [0.5, −1.5], see ScaffoldTests)
        var options = new AlgorithmOptions { Algorithm = "scaffold" };
        var original = Client(options);
        var task = new RoundTask(1, Of([1, 2]), 0, Of([0.5f, -0.5f]));
        original.Complete(task, new LocalTrainingResult(Of([0.5f, 3]), 2, 10, 0), 0.25, "a");
        var resumed = Client(options);

        // When
        resumed.ImportState(original.ExportState());

        // Then both prepare the same correction next round
        Assert.Equal(["c_i/w"], resumed.ExportState().Arrays.Select(a => a.Name));
        var next = new RoundTask(2, Of([0, 0]), 0, Of([1, 1]));
        AssertIdentical(original.Prepare(next).GradientCorrection!, resumed.Prepare(next).GradientCorrection!);
    }

    [Fact]
    public void ImportState_Empty_ResetsState()
    {
        // Given FedAdam with state
        var server = Server(new AlgorithmOptions { Algorithm = "fedadam" });
        Run(server, 1, Of([0]), 1, Result("a", 1, Of([1])));

        // When
        server.ImportState(new Arcanum.Core.Weights.ModelWeights([]));

        // Then
        Assert.Equal(0, server.ExportState().Count);
    }
}
