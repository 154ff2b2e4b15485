using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Tests.Jobs;

public sealed class JobSpecTests
{
    [Fact]
    public void Load_ExampleJob_ReadsSnakeCaseFields()
    {
        // Given
        var path = Write("""{ "name": "x", "data": "pbc3", "local_epochs": 3, "batch_size": 16, "lr": 0.1, "min_sites": 2, "round_timeout_s": 60, "server_lr": 0.5 }""");

        // When
        var job = JobSpec.Load(path);

        // Then
        Assert.Equal(3, job.LocalEpochs);
        Assert.Equal(16, job.BatchSize);
        Assert.Equal(0.1, job.LearningRate);
        Assert.Equal(2, job.MinSites);
        Assert.Equal(0.5, job.ServerLearningRate);
    }

    [Fact]
    public void Load_UnknownField_NamesIt()
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Load(Write("""{ "data": "pbc3", "learning_rate": 0.1 }""")));
        Assert.Contains("learning_rate", e.Message);
    }

    [Fact]
    public void Load_SeveralProblems_ListsEveryOneOnce()
    {
        // When
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Load(Write("""{ "rounds": 0, "lr": -1, "split": "dirichlet:0" }""")));

        // Then
        Assert.Contains("rounds must be at least 1", e.Message);
        Assert.Contains("lr must be a positive number", e.Message);
        Assert.Contains("dirichlet", e.Message);
        Assert.Single(e.Message.Split("Job file").Skip(1));
    }

    [Fact]
    public void ToJson_ThenLoad_RoundTrips()
    {
        // Given
        var job = new JobSpec { Name = "study", Algorithm = "scaffold", Sites = 5, Split = "quantity:2", Hidden = [16, 8] };

        // When
        var loaded = JobSpec.Load(Write(job.ToJson()));

        // Then
        Assert.Equal(job.ToJson(), loaded.ToJson());
    }

    private static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"arcanum-job-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
