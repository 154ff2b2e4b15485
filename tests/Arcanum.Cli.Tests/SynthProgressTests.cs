using Arcanum.Synthesis;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Cli.Tests;

/// <summary>Progress lines of <c>synth fit</c> in a log: time-based, with an estimate of the time left.</summary>
public sealed class SynthProgressTests
{
    private static TrainingProgress Epoch(int epoch, int epochs) => new(epoch, epochs, new Dictionary<string, double> { ["critic"] = 0.5 }, 1.2);

    [Fact]
    public void Report_SlowEpochs_PrintsEveryEpochWithTimeLeft()
    {
        // Given: a DP fit whose epochs take 5 s each, out of 300.
        var time = new FakeTimeProvider();
        var lines = new List<string>();
        var log = new SynthProgress.LogLines(time, lines.Add, "ctgan");

        // When
        for (var e = 1; e <= 10; e++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            log.Report(Epoch(e, 300));
        }

        // Then: a line every 5 s, not every 30 epochs (2.5 minutes), each saying how long is left.
        Assert.Equal(10, lines.Count);
        Assert.Equal("ctgan: epoch 1/300, critic 0.500, epsilon 1.20; 5 s elapsed, about 24 min 55 s left", lines[0]);
        Assert.EndsWith("50 s elapsed, about 24 min 10 s left", lines[9]);
    }

    [Fact]
    public void Report_FastEpochs_AtMostOneLineEveryTwoSecondsAndTheLast()
    {
        // Given: 100 epochs of 0.1 s each.
        var time = new FakeTimeProvider();
        var lines = new List<string>();
        var log = new SynthProgress.LogLines(time, lines.Add, "tvae");

        // When
        for (var e = 1; e <= 100; e++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            log.Report(Epoch(e, 100));
        }

        // Then: the first epoch, then one line per 2 s (20 epochs), then the last, which has no time left.
        Assert.Equal(["1/100", "21/100", "41/100", "61/100", "81/100", "100/100"], lines.Select(l => l.Split(' ')[2].TrimEnd(',')));
        Assert.EndsWith("10 s elapsed", lines[^1]);
    }

    [Fact]
    public void Report_SlowSetup_LeavesItOutOfTheEstimate()
    {
        // Given: 60 s of setup before the first epoch, then 1 s per epoch.
        var time = new FakeTimeProvider();
        var lines = new List<string>();
        var log = new SynthProgress.LogLines(time, lines.Add, "ctgan");
        time.Advance(TimeSpan.FromSeconds(61));
        log.Report(Epoch(1, 100));

        // When
        for (var e = 2; e <= 3; e++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            log.Report(Epoch(e, 100));
        }

        // Then: 97 epochs at 1 s each, not at the 21 s the first three took on average.
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("1 min 03 s elapsed, about 1 min 37 s left", lines[^1]);
    }

    [Fact]
    public void Report_EpochLongerThanTheInterval_PrintsStepsWithinIt()
    {
        // Given: a DP epoch of 12 steps at 1.25 s each (15 s per epoch, as CTGAN on Pima with --epsilon).
        var time = new FakeTimeProvider();
        var lines = new List<string>();
        var log = new SynthProgress.LogLines(time, lines.Add, "ctgan");

        // When: the first epoch and a half.
        for (var s = 1; s <= 18; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1.25));
            log.Report(s % 12 == 0 ? Epoch(s / 12, 300) : new TrainingProgress(s / 12 + 1, 300, new Dictionary<string, double>(), null) { Step = s % 12, Steps = 12 });
        }

        // Then: a line at least every 2.5 s, the time left from 15 s per epoch.
        Assert.True(lines.Count >= 9, string.Join('\n', lines));
        Assert.Equal("ctgan: epoch 1/300 (step 1/12); 1 s elapsed, about 1 h 14 min left", lines[0]);
        Assert.Contains("ctgan: epoch 2/300 (step 5/12); 21 s elapsed, about 1 h 14 min left", lines);
    }

    [Theory]
    [InlineData(0.4, "0 s")]
    [InlineData(59, "59 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(3900, "1 h 05 min")]
    public void Duration_Seconds_ReadsLikeAPerson(double seconds, string expected) =>
        Assert.Equal(expected, SynthProgress.Duration(TimeSpan.FromSeconds(seconds)));
}
