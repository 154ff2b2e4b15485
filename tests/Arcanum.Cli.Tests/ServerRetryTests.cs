using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Cli.Tests;

/// <summary>`admin status --wait` started before the server: it waits with backoff, for a bounded time.</summary>
public sealed class ServerRetryTests
{
    [Fact]
    public async Task Execute_ServerUnavailableTwiceThenUp_SucceedsAndSaysItIsWaiting()
    {
        // Given
        var clock = new FakeTimeProvider();
        var log = new List<string>();
        var pipeline = ServerRetry.Pipeline(log.Add, clock);
        var calls = 0;

        // When
        var run = pipeline.ExecuteAsync(_ => ++calls <= 2 ? throw Unavailable() : ValueTask.FromResult("job"), CancellationToken.None).AsTask();
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            await Task.Yield();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Then
        Assert.Equal("job", await run);
        Assert.Equal(3, calls);
        Assert.Equal(2, log.Count);
        Assert.All(log, l => Assert.Contains("the server is not reachable yet (Error connecting to subchannel.)", l));
    }

    [Fact]
    public async Task Execute_ServerNeverUp_GivesUpAfterAboutAMinute()
    {
        var clock = new FakeTimeProvider();
        var pipeline = ServerRetry.Pipeline(_ => { }, clock);
        var calls = 0;
        var start = clock.GetUtcNow();

        var run = pipeline.ExecuteAsync<string>(_ => { calls++; throw Unavailable(); }, CancellationToken.None).AsTask();
        for (var i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            await Task.Yield();
            clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => run);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(9, calls);
        var waited = clock.GetUtcNow() - start;
        Assert.InRange(waited.TotalSeconds, 20, 120);
    }

    [Fact]
    public async Task Execute_OtherErrors_AreNotRetried()
    {
        var pipeline = ServerRetry.Pipeline(_ => { }, new FakeTimeProvider());
        var calls = 0;

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await pipeline.ExecuteAsync<string>(_ => { calls++; throw new RpcException(new Status(StatusCode.NotFound, "no such job")); }, CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal(1, calls);
    }

    private static RpcException Unavailable() => new(new Status(StatusCode.Unavailable, "Error connecting to subchannel."));
}
