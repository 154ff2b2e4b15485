using Arcanum.Core.Learning;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Jobs;

public sealed class JobSpecNotesTests
{
    [Fact]
    public void Parse_NotesJobWithoutSettings_TakesNotesFitsDefaults()
    {
        var job = JobSpec.Parse("""{"data": "notes", "task": "notes", "rounds": 10}""");

        // The server sends the job with the defaults written out, as snake_case keys a site of any make reads.
        var sent = (job with { Notes = job.NotesOptions }).ToJson();
        Assert.True(job.IsNotes);
        Assert.Null(job.Notes);
        foreach (var key in new[] { "\"width\": 256", "\"layers\": 4", "\"heads\": 4", "\"context\": 256", "\"local_steps\": 50", "\"batch_size\": 16", "\"lr\": 0.001", "\"warmup\": 100", "\"holdout\": 0.1" })
            Assert.Contains(key, sent, StringComparison.Ordinal);
        Assert.Equal(job.NotesOptions, JobSpec.Parse(sent).Notes);
    }

    [Fact]
    public void Parse_NotesSettings_RoundTripAndAnUnknownKeyIsNamed()
    {
        var job = JobSpec.Parse("""{"data": "notes", "task": "notes", "notes": {"width": 64, "heads": 2, "local_steps": 7, "lr": 0.002}}""");
        Assert.Equal(JobSpec.Parse(job.ToJson()), job);
        Assert.Equal(7, job.NotesOptions.LocalSteps);

        var error = Assert.Throws<JobSpecException>(() => JobSpec.Parse("""{"data": "notes", "task": "notes", "notes": {"local_step": 7}}"""));
        Assert.Contains("notes.local_step", error.Message, StringComparison.Ordinal);
        Assert.Contains("local_steps", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scaffold", "changes the local loss")]
    [InlineData("fedprox", "changes the local loss")]
    public void Problems_AnAlgorithmThatChangesTheLocalLoss_IsRefusedWithTheOnesThatWork(string algorithm, string expected)
    {
        var problems = new JobSpec { Data = "notes", Task = "notes", Algorithm = algorithm }.Problems();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal) && p.Contains("fedavg", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NotesWithAnotherModel_IsRefusedNotIgnored_SecureAggregationAndBothDpsAreAccepted()
    {
        Assert.Empty(new JobSpec { Data = "notes", Task = "notes", ClientDp = new ClientDpOptions { NoiseMultiplier = 1, ClipNorm = 1 } }.Problems());
        Assert.Contains(new JobSpec { Data = "notes", Task = "notes", Model = "mlp" }.Problems(), p => p.Contains("leave \"model\" out", StringComparison.Ordinal));
        Assert.Empty(new JobSpec { Data = "notes", Task = "notes", SecureAggregation = true, MinSites = 3 }.Problems());
        Assert.Empty(new JobSpec { Data = "notes", Task = "notes", Dp = new SampleDpOptions { Epsilon = 8 } }.Problems());
    }

    [Fact]
    public void Problems_BadShapeAndNotesOnAnotherTask_AreSaidInTheJobFilesTerms()
    {
        var shape = new JobSpec { Data = "notes", Task = "notes", Notes = new NotesJobOptions { Width = 30, Heads = 4, LocalSteps = 0, Holdout = 1 } }.Problems();
        Assert.Contains(shape, p => p.Contains("notes.width (30) must be a multiple of notes.heads (4)", StringComparison.Ordinal));
        Assert.Contains(shape, p => p.Contains("notes.local_steps", StringComparison.Ordinal));
        Assert.Contains(shape, p => p.Contains("notes.holdout", StringComparison.Ordinal));

        var misplaced = new JobSpec { Data = "pima", Notes = new NotesJobOptions() }.Problems();
        Assert.Contains(misplaced, p => p.Contains("\"task\": \"notes\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_ATableSettingGivenToANotesJob_PointsToItsNotesKey()
    {
        var problems = JobSpec.Parse("""{"data": "notes", "task": "notes", "rounds": 2}""") is var job
            ? (job with { LearningRate = 0.001, LocalEpochs = 5 }).Problems()
            : [];
        Assert.Contains(problems, p => p.StartsWith("lr is a table job's setting; a notes job takes notes.lr", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("notes.local_steps", StringComparison.Ordinal));
        Assert.Empty(new JobSpec { Data = "notes", Task = "notes" }.Problems());
    }
}
