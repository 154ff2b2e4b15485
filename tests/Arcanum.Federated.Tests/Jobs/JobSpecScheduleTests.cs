using Arcanum.Core.Learning;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Jobs;

public sealed class JobSpecScheduleTests
{
    [Fact]
    public void Parse_Schedules_RoundTripThroughJobJson()
    {
        // Given a job file with both schedules
        var job = JobSpec.Parse("""{ "rounds": 50, "lr_schedule": "cosine:0.01", "local_lr_schedule": "step:100:0.5" }""");

        // When it is written out (as job.json, or to the sites) and read back
        var again = JobSpec.Parse(job.ToJson());

        // Then
        Assert.Equal("cosine:0.01", again.LrSchedule);
        Assert.Equal("step:100:0.5", again.LocalLrSchedule);
        Assert.Contains("\"lr_schedule\": \"cosine:0.01\"", job.ToJson());
        Assert.Equal(job, again);
    }

    [Fact]
    public void TrainingOptions_CarrySchedulesAndRoundCount()
    {
        var job = JobSpec.Parse("""{ "rounds": 8, "lr_schedule": "cosine", "local_lr_schedule": "step:10" }""");

        var options = StudyModel.TrainingOptions(job, classWeights: null);

        Assert.Equal(ScheduleKind.Cosine, options.RoundSchedule.Kind);
        Assert.Equal(ScheduleKind.Step, options.LocalSchedule.Kind);
        Assert.Equal(10, options.LocalSchedule.Every);
        Assert.Equal(8, options.Rounds);
    }

    [Fact]
    public void Parse_NoSchedules_IsConstant()
    {
        var options = StudyModel.TrainingOptions(JobSpec.Parse("{}"), classWeights: null);

        Assert.True(options.RoundSchedule.IsConstant);
        Assert.True(options.LocalSchedule.IsConstant);
    }

    [Theory]
    [InlineData("""{ "lr_schedule": "cosnie" }""", "lr_schedule: Learning-rate schedule 'cosnie' is not one of constant, cosine")]
    [InlineData("""{ "local_lr_schedule": "step:0" }""", "local_lr_schedule: Learning-rate schedule 'step:0'")]
    [InlineData("""{ "lr_schedule": "cosine:2" }""", "minimum factor must be in [0, 1)")]
    [InlineData("""{ "local_lr_schedule": "cosine", "dp": { "epsilon": 3 } }""", "local_lr_schedule does not work with dp")]
    public void Parse_BadSchedule_SaysWhichKeyAndWhy(string json, string expected)
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse(json));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_PerRoundScheduleWithDp_IsAccepted()
    {
        var job = JobSpec.Parse("""{ "lr_schedule": "cosine", "dp": { "epsilon": 3 } }""");

        Assert.Equal("cosine", job.LrSchedule);
    }
}
