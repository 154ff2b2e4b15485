using Arcanum.Federated.Engine;

namespace Arcanum.Federated.Tests.Engine;

public sealed class TaskExchangeTests
{
    [Fact]
    public async Task WaitAsync_SiteAbsentWhenIssued_GetsTheGraceToShowUpAndAnswer()
    {
        // Given a site unknown when its task is issued (e.g. just after a server restart), with 30 s of grace
        var sites = new ScriptedTransport("a");
        sites.Leave("a");
        var task = new PendingTask("a", "t1", sites.FakeClock.GetUtcNow() + TimeSpan.FromMinutes(2), null);
        var wait = TaskExchange.WaitAsync([task], sites, sites.FakeClock, TimeSpan.FromSeconds(30), "deadline", CancellationToken.None);

        // When 20 s pass, then it comes back and answers
        sites.FakeClock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(task.IsOpen);
        sites.Return("a");
        Assert.Null(await task.AnswerAsync(new TaskOutcome(OutcomeStatus.Ok, "", "{}"), null, CancellationToken.None));

        // Then its answer counts
        var outcomes = await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(outcomes["a"].Ok);
    }

    [Fact]
    public async Task WaitAsync_SiteStillAbsentWhenTheGraceEnds_ClosesItsTask()
    {
        // Given a site that never shows up
        var sites = new ScriptedTransport("a");
        sites.Leave("a");
        var task = new PendingTask("a", "t1", sites.FakeClock.GetUtcNow() + TimeSpan.FromMinutes(2), null);
        var wait = TaskExchange.WaitAsync([task], sites, sites.FakeClock, TimeSpan.FromSeconds(30), "deadline", CancellationToken.None);

        // When the grace ends (long before the deadline)
        sites.FakeClock.Advance(TimeSpan.FromSeconds(31));
        var outcomes = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        // Then the task is closed with the reason, and a later answer is refused
        Assert.Equal(OutcomeStatus.Failed, outcomes["a"].Status);
        Assert.Equal("it is offline", outcomes["a"].Message);
        Assert.Contains("is closed (it is offline)", await task.AnswerAsync(new TaskOutcome(OutcomeStatus.Ok, "", ""), null, CancellationToken.None));
    }

    [Fact]
    public async Task AnswerAsync_AcceptanceCheckThrows_RefusesTheAnswerAndEndsTheTask()
    {
        // Given a task whose acceptance check rejects what arrives
        var task = new PendingTask("a", "t1", DateTimeOffset.MaxValue, (_, _, _) => throw new FormatException("$.samples: expected an integer"));

        // When the site answers
        var error = await Assert.ThrowsAsync<FormatException>(() => task.AnswerAsync(new TaskOutcome(OutcomeStatus.Ok, "", "{}"), null, CancellationToken.None));

        // Then the task ends failed, saying why, instead of hanging the round
        var outcome = await task.Outcome.Task;
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains(error.Message, outcome.Message);
    }

    [Fact]
    public async Task UntilAsync_NeverReady_GivesUpAtTheInstantOnTheFakeClock()
    {
        // Given a condition that never holds
        var sites = new ScriptedTransport("a");
        var until = sites.FakeClock.GetUtcNow() + TimeSpan.FromMinutes(10);
        var wait = TaskExchange.UntilAsync(() => false, sites, sites.FakeClock, until, CancellationToken.None);

        // When the clock reaches the limit
        sites.FakeClock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(wait.IsCompleted);
        sites.FakeClock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(2));

        // Then it returns false, without any real time passing
        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
