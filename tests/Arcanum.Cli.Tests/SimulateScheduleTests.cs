using System.Text.Json;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary>--lr-schedule and --local-lr-schedule: checked before any training, and written to job.json so a network run can take the same file.</summary>
public sealed class SimulateScheduleTests
{
    [Theory]
    [InlineData("--lr-schedule", "cosin", "lr_schedule: Learning-rate schedule 'cosin' is not one of constant, cosine")]
    [InlineData("--local-lr-schedule", "step:0", "local_lr_schedule: Learning-rate schedule 'step:0'")]
    public void Simulate_BadSchedule_RefusesWithTheFormsItTakes(string option, string value, string expected)
    {
        // Given
        using var dir = new TempDir();

        // When
        var run = CliRun.Of("simulate", option, value, "--out", dir.Sub("run"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(Directory.Exists(dir.Sub("run")));
    }

    [Fact]
    public void Simulate_Schedules_TrainAndLandInJobJson()
    {
        // Given
        using var dir = new TempDir();
        var output = dir.Sub("run");

        // When
        var run = CliRun.Of("simulate", "--rounds", "3", "--algorithm", "scaffold", "--lr-schedule", "cosine:0.1", "--local-lr-schedule", "step:5:0.5", "--out", output);

        // Then
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        using var job = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "job.json")));
        Assert.Equal("cosine:0.1", job.RootElement.GetProperty("lr_schedule").GetString());
        Assert.Equal("step:5:0.5", job.RootElement.GetProperty("local_lr_schedule").GetString());
    }
}
