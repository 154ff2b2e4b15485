using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Tests.Engine;

public sealed class RoundEngineTests
{
    private static readonly string[] Sites = ["a", "b", "c"];
    private static readonly ModelWeights Start = ScriptedTransport.Weights(0);

    private static JobSpec Job(int minSites = 1) => new() { Data = "d", MinSites = minSites, RoundTimeoutS = 60, Rounds = 5 };

    private static IServerStrategy FedAvg() => AlgorithmRegistry.CreateServer(new AlgorithmOptions());

    [Fact]
    public async Task RunAsync_EverySiteAnswers_ReturnsTheSampleWeightedMean()
    {
        // Given three sites that answer at once with weights 1, 2, 4 from 1, 1, 2 samples
        var transport = new ScriptedTransport(Sites);
        var values = new Dictionary<string, (float, long)> { ["a"] = (1, 1), ["b"] = (2, 1), ["c"] = (4, 2) };
        transport.AutoAnswer = w => ScriptedTransport.Trained(w.Site, values[w.Site].Item1, values[w.Site].Item2);

        // When a round runs
        var report = await new RoundEngine(transport).RunAsync(Job(), FedAvg(), Sites, Start, 1, evaluate: false, CancellationToken.None);

        // Then the model is (1 + 2 + 8) / 4, every site trained, and no time had to pass
        Assert.Equal(2.75f, report.Global.Arrays[0].Data[0], 6);
        Assert.Equal(Sites, report.Selected);
        Assert.Equal(4, report.Samples);
        Assert.All(report.Outcomes.Values, o => Assert.True(o.Ok));
    }

    [Fact]
    public async Task RunAsync_SiteFallsSilentMidRound_CompletesWithTheOthersWhenItsHeartbeatRunsOut()
    {
        // Given c's heartbeat runs out 30 s into the round, and a and b answer
        var transport = new ScriptedTransport(Sites);
        transport.PresentUntilTime("c", transport.FakeClock.GetUtcNow() + TimeSpan.FromSeconds(30));
        var observer = new RecordingObserver();
        var round = new RoundEngine(transport, observer).RunAsync(Job(minSites: 2), FedAvg(), Sites, Start, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(3);
        await transport.AnswerAsync("a", ScriptedTransport.Trained("a", 1, 1));
        await transport.AnswerAsync("b", ScriptedTransport.Trained("b", 3, 1));
        Assert.False(round.IsCompleted);

        // When the fake clock passes c's last moment (well before the 60 s deadline)
        transport.FakeClock.Advance(TimeSpan.FromSeconds(31));
        var report = await round.WaitAsync(TimeSpan.FromSeconds(10));

        // Then the round completes without c, and says why c is missing
        Assert.Equal(2f, report.Global.Arrays[0].Data[0], 6);
        Assert.Equal("it is offline", report.Outcomes["c"].Message);
        Assert.Contains(observer.Lines, l => l == "setback 1 c: it is offline");
    }

    [Fact]
    public async Task RunAsync_AnswerAfterTheDeadline_IsRefusedAndNotCounted()
    {
        // Given a round where b has not answered when the deadline passes
        var transport = new ScriptedTransport("a", "b");
        var round = new RoundEngine(transport).RunAsync(Job(), FedAvg(), ["a", "b"], Start, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(2);
        await transport.AnswerAsync("a", ScriptedTransport.Trained("a", 1, 1));
        transport.FakeClock.Advance(TimeSpan.FromSeconds(61));
        var report = await round.WaitAsync(TimeSpan.FromSeconds(10));

        // When b answers late
        var refused = await transport.AnswerAsync("b", ScriptedTransport.Trained("b", 100, 1));

        // Then it is refused, naming the deadline, and the model is a's alone
        Assert.NotNull(refused);
        Assert.Contains("round_timeout_s (60 s)", refused);
        Assert.Equal(1f, report.Global.Arrays[0].Data[0], 6);
    }

    [Fact]
    public async Task RunAsync_DuplicateAnswer_IsRefusedAndCountedOnce()
    {
        // Given a round with two sites
        var transport = new ScriptedTransport("a", "b");
        var round = new RoundEngine(transport).RunAsync(Job(), FedAvg(), ["a", "b"], Start, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(2);

        // When a answers twice
        Assert.Null(await transport.AnswerAsync("a", ScriptedTransport.Trained("a", 1, 1)));
        var second = await transport.AnswerAsync("a", ScriptedTransport.Trained("a", 50, 1));
        await transport.AnswerAsync("b", ScriptedTransport.Trained("b", 3, 1));
        var report = await round.WaitAsync(TimeSpan.FromSeconds(10));

        // Then the second answer is refused and the mean is of the first answer and b's
        Assert.NotNull(second);
        Assert.EndsWith("was already answered", second);
        Assert.Equal(2f, report.Global.Arrays[0].Data[0], 6);
    }

    [Fact]
    public async Task RunAsync_TooFewAnswersEveryTime_RetriesThenFailsSayingWhy()
    {
        // Given min_sites 2 and a site b that never answers
        var transport = new ScriptedTransport("a", "b");
        transport.AutoAnswer = w => w.Site == "a" ? ScriptedTransport.Trained("a", 1, 1) : null;
        var observer = new RecordingObserver();
        var round = new RoundEngine(transport, observer).RunAsync(Job(minSites: 2), FedAvg(), ["a", "b"], Start, 1, evaluate: false, CancellationToken.None);

        // When every attempt's deadline passes
        for (var attempt = 1; attempt <= RoundEngine.MaxAttempts; attempt++)
        {
            await transport.SentAsync(2 * attempt);
            transport.FakeClock.Advance(TimeSpan.FromSeconds(61));
        }

        // Then the job fails after the last attempt, saying how many answered and how many it needs
        var error = await Assert.ThrowsAsync<JobSpecException>(() => round.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("1 of 2 sites answered before the deadline; need 2 (min_sites)", error.Message);
        Assert.Contains($"Gave up after {RoundEngine.MaxAttempts} attempts", error.Message);
        Assert.Equal(2, observer.Lines.Count(l => l.StartsWith("retrying", StringComparison.Ordinal)));
        Assert.Equal(RoundEngine.MaxAttempts, transport.Finished);
    }

    [Fact]
    public async Task RunAsync_AbsentParticipant_GetsNoTaskIsReportedOnceAndRejoins()
    {
        // Given c is offline for rounds 1 and 2
        var transport = new ScriptedTransport(Sites);
        transport.AutoAnswer = w => ScriptedTransport.Trained(w.Site, 1, 1);
        transport.Leave("c");
        var observer = new RecordingObserver();
        var engine = new RoundEngine(transport, observer);

        // When three rounds run, c coming back before the third
        var global = Start;
        for (var r = 1; r <= 3; r++)
        {
            if (r == 3) transport.Return("c");
            global = (await engine.RunAsync(Job(), FedAvg(), Sites, global, r, evaluate: false, CancellationToken.None)).Global;
        }

        // Then c got work only in round 3, and each change was reported once
        Assert.Equal([3], transport.Sent.Where(w => w.Site == "c").Select(w => w.Task.Round));
        Assert.Equal(["absent 1 c: it is offline", "returned 3 c"], observer.Lines.Where(l => l.StartsWith("absent", StringComparison.Ordinal) || l.StartsWith("returned", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_WithEvaluation_SitesNotTrainingGetAnEvaluationOfThePreviousRound()
    {
        // Given one site in two trains per round (fraction 0.5)
        var transport = new ScriptedTransport("a", "b");
        transport.AutoAnswer = w => w.Kind == WorkKind.Train ? ScriptedTransport.Trained(w.Site, 1, 1) : new SiteAnswer(w.Site, null, 0, "{}");
        var job = Job() with { Fraction = 0.5 };

        // When round 2 runs with evaluation
        var report = await new RoundEngine(transport).RunAsync(job, FedAvg(), ["a", "b"], Start, 2, evaluate: true, CancellationToken.None);

        // Then one site trains, the other evaluates round 1's model, and both answers are kept
        Assert.Single(report.Selected);
        Assert.Equal([WorkKind.Train, WorkKind.Evaluate], transport.Sent.Select(w => w.Kind).Order());
        Assert.All(transport.Sent, w => Assert.Equal(1, w.EvaluateRound));
        Assert.Equal(2, report.Answers.Count);
    }

    [Fact]
    public async Task RunAsync_TooFewPresent_WaitsForASiteToReturnBeforeStarting()
    {
        // Given min_sites 2 and b offline when the round is due
        var transport = new ScriptedTransport("a", "b");
        transport.AutoAnswer = w => ScriptedTransport.Trained(w.Site, 1, 1);
        transport.Leave("b");
        var round = new RoundEngine(transport).RunAsync(Job(minSites: 2), FedAvg(), ["a", "b"], Start, 1, evaluate: false, CancellationToken.None);
        Assert.Empty(transport.Sent);

        // When b comes back (no time passes)
        transport.Return("b");
        var report = await round.WaitAsync(TimeSpan.FromSeconds(10));

        // Then the round ran with both
        Assert.Equal(["a", "b"], report.Selected);
    }
}
