using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class ScaffoldTests
{
    private static readonly AlgorithmOptions Scaffold = new() { Algorithm = "scaffold" };

    private static RoundTask Task(float[] global, float[] serverControl) => new(1, Of(global), 0, Of(serverControl));

    [Fact]
    public void CreateTask_FirstRound_SendsZeroServerControl()
    {
        // Given / When
        var task = Server(Scaffold).CreateTask(1, Of([1, 2], [3]));

        // Then
        Assert.NotNull(task.ServerControl);
        AssertValues(task.ServerControl, [0, 0], [0]);
    }

    [Fact]
    public void Prepare_NewSite_CorrectionIsServerControl()
    {
        // Given c = [0.5, −0.5] and c_i = 0 (a new site)
        var client = Client(Scaffold);

        // When
        var objective = client.Prepare(Task([1, 2], [0.5f, -0.5f]));

        // Then the gradient correction is c − c_i = c, with no proximal term
        Assert.NotNull(objective.GradientCorrection);
        AssertValues(objective.GradientCorrection, [0.5f, -0.5f]);
        Assert.Equal(0, objective.ProximalMu);
    }

    [Fact]
    public void Complete_TwoRounds_UpdatesSiteControlOptionTwo()
    {
        // Given x = [1, 2], c = [0.5, −0.5], c_i = 0; training reaches y = [0.5, 3] in K = 2 steps at lr 0.25
        var client = Client(Scaffold);
        var task1 = Task([1, 2], [0.5f, -0.5f]);
        client.Prepare(task1);

        // When
        var result1 = client.Complete(task1, new LocalTrainingResult(Of([0.5f, 3]), 2, 10, 0), 0.25, "a");

        // Then (x − y)/(K·lr) = [0.5, −1]/0.5 = [1, −2]; c_i⁺ = 0 − c + [1, −2] = [0.5, −1.5] = Δc_i
        Assert.NotNull(result1.ControlDelta);
        AssertValues(result1.ControlDelta, [0.5f, -1.5f]);
        AssertValues(client.ExportState(), [0.5f, -1.5f]);
        Assert.Equal(2, result1.LocalSteps);
        Assert.Equal(10, result1.SampleCount);

        // Given round 2 with the same c: the correction now uses the stored c_i
        var task2 = Task([0, 0], [1, 1]);
        var objective = client.Prepare(task2);
        // c − c_i = [1, 1] − [0.5, −1.5] = [0.5, 2.5]
        AssertValues(objective.GradientCorrection!, [0.5f, 2.5f]);

        // When y = [−1, 2] after K = 4 steps at lr 0.5
        var result2 = client.Complete(task2, new LocalTrainingResult(Of([-1, 2]), 4, 10, 0), 0.5, "a");

        // Then (x − y)/2 = [0.5, −1]; c_i⁺ = [0.5, −1.5] − [1, 1] + [0.5, −1] = [0, −3.5]; Δc_i = [−0.5, −2]
        AssertValues(result2.ControlDelta!, [-0.5f, -2]);
        AssertValues(client.ExportState(), [0, -3.5f]);
    }

    [Fact]
    public void Complete_WithEffectiveSteps_DividesByThemInsteadOfK()
    {
        // Given x = [1, 2], c = [0.5, −0.5]; 2 momentum steps worth 2.9 plain steps reach y = [0.42, 3.16] at lr 0.2
        var client = Client(Scaffold);
        var task = Task([1, 2], [0.5f, -0.5f]);
        client.Prepare(task);

        // When
        var result = client.Complete(task, new LocalTrainingResult(Of([0.42f, 3.16f]), 2, 10, 0) { EffectiveSteps = 2.9 }, 0.2, "a");

        // Then (x − y)/(2.9·0.2) = [0.58, −1.16]/0.58 = [1, −2]; Δc_i = [1, −2] − c = [0.5, −1.5]
        AssertValues(result.ControlDelta!, [0.5f, -1.5f]);
    }

    [Fact]
    public void Complete_ZeroSteps_ThrowsClearError()
    {
        // Given
        var client = Client(Scaffold);
        var task = Task([1], [0]);

        // When
        var error = Assert.Throws<ArgumentException>(() => client.Complete(task, new LocalTrainingResult(Of([1]), 0, 10, 0), 0.1, "a"));

        // Then
        Assert.Contains("steps", error.Message);
    }

    [Fact]
    public void Prepare_TaskWithoutServerControl_Throws()
    {
        // Given a task from a FedAvg server
        var task = new RoundTask(1, Of([1]), 0, null);

        // When
        var error = Assert.Throws<ArgumentException>(() => Client(Scaffold).Prepare(task));

        // Then
        Assert.Contains("control variate", error.Message);
    }

    [Fact]
    public void Complete_TwoOfThreeSites_UpdatesGlobalAndServerControl()
    {
        // Given N = 3 sites, x = [1, 2], c = 0; A (1 sample) sends y = [3, 2], Δc = [1, 0];
        // B (3 samples) sends y = [−1, 6], Δc = [0, 2]
        var server = Server(Scaffold);
        var x = Of([1, 2]);
        server.CreateTask(1, x);

        // When
        var next = Run(server, 1, x, 3,
            Result("a", 1, Of([3, 2]), Of([1, 0])),
            Result("b", 3, Of([-1, 6]), Of([0, 2])));

        // Then x⁺ = x + 1·(1·[2, 0] + 3·[−2, 4])/4 = [1, 2] + [−1, 3] = [0, 5]
        AssertValues(next, [0, 5]);
        // c⁺ = 0 + (2/3)·(1·[1, 0] + 3·[0, 2])/4 = (2/3)·[0.25, 1.5] = [1/6, 1]: weighted like x
        AssertValues(server.CreateTask(2, next).ServerControl!, [1f / 6, 1]);
        AssertValues(server.ExportState(), [1f / 6, 1]);
    }

    [Fact]
    public void Complete_TinySiteWithLargeControlUpdate_MovesServerControlByItsShareOfSamples()
    {
        // Given N = 2 sites, all reporting: a site with 10 samples whose few batches gave Δc = [100]
        // and a site with 990 samples with Δc = [1]
        var server = Server(Scaffold);
        var x = Of([0]);
        server.CreateTask(1, x);

        // When
        Run(server, 1, x, 2, Result("tiny", 10, Of([0]), Of([100])), Result("large", 990, Of([0]), Of([1])));

        // Then c⁺ = (10·100 + 990·1)/1000 = 1.99, not the unweighted (100 + 1)/2 = 50.5 that every step of
        // the large site would then follow
        AssertValues(server.ExportState(), [1.99f]);
    }

    [Fact]
    public void Complete_ServerLearningRate_ScalesWeightStepOnly()
    {
        // Given η_g = 0.5 and the same round
        var server = Server(Scaffold with { ServerLearningRate = 0.5 });

        // When
        var next = Run(server, 1, Of([1, 2]), 3,
            Result("a", 1, Of([3, 2]), Of([1, 0])),
            Result("b", 3, Of([-1, 6]), Of([0, 2])));

        // Then x⁺ = [1, 2] + 0.5·[−1, 3] = [0.5, 3.5]; c⁺ is unchanged by η_g
        AssertValues(next, [0.5f, 3.5f]);
        AssertValues(server.ExportState(), [1f / 6, 1]);
    }

    [Fact]
    public void CreateTask_AfterRound_EarlierTaskKeepsItsControl()
    {
        // Given a task sent before the round completed
        var server = Server(Scaffold);
        var x = Of([0]);
        var task = server.CreateTask(1, x);

        // When the round completes and c changes
        Run(server, 1, x, 1, Result("a", 1, Of([1]), Of([4])));

        // Then the task sent earlier still carries the c it was sent with
        AssertValues(task.ServerControl!, [0]);
        AssertValues(server.ExportState(), [4]);
    }

    [Fact]
    public void Add_ResultWithoutControlDelta_ThrowsNamingSite()
    {
        // Given
        var aggregation = Server(Scaffold).BeginRound(1, Of([0]), 2);

        // When
        var error = Assert.Throws<ArgumentException>(() => aggregation.Add(Result("site-x", 1, Of([1]))));

        // Then
        Assert.Contains("site-x", error.Message);
        Assert.Equal(0, aggregation.Count);
    }

    [Fact]
    public void Add_SameSiteTwice_Throws()
    {
        // Given
        var aggregation = Server(Scaffold).BeginRound(1, Of([0]), 2);
        aggregation.Add(Result("a", 1, Of([1]), Of([1])));

        // When / Then
        Assert.Throws<InvalidOperationException>(() => aggregation.Add(Result("a", 1, Of([1]), Of([1]))));
        Assert.Equal(1, aggregation.Count);
    }

    [Fact]
    public void Add_ControlDeltaWrongShape_ThrowsNamingArray()
    {
        // Given
        var aggregation = Server(Scaffold).BeginRound(1, Of([0], [0]), 2);

        // When
        var error = Assert.Throws<ArgumentException>(() => aggregation.Add(Result("a", 1, Of([1], [1]), Of([1], [1, 1]))));

        // Then
        Assert.Contains("'b'", error.Message);
        Assert.Contains("control variate", error.Message);
    }
}
