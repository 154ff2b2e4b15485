using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Tests.Jobs;

/// <summary>The job's "dp" block: read as written, and refused in the job file's own words when wrong.</summary>
public sealed class JobSpecDpTests
{
    [Fact]
    public void Parse_DpBlock_ReadsEpsilonDeltaAndClip()
    {
        // Given / When
        var job = JobSpec.Parse("""{ "data": "pbc3", "dp": { "epsilon": 2, "delta": 1e-6, "clip": 0.5 } }""");

        // Then
        Assert.Equal(2, job.Dp!.Epsilon);
        Assert.Equal(1e-6, job.Dp.Delta);
        Assert.Equal(0.5, job.Dp.Clip);
        Assert.Equal(job.Dp, JobSpec.Parse(job.ToJson()).Dp);
    }

    [Fact]
    public void Parse_NoDpBlock_TrainsWithoutDp()
    {
        Assert.Null(JobSpec.Parse("""{ "data": "pbc3" }""").Dp);
    }

    [Theory]
    [InlineData("""{ "data": "pbc3", "dp": { "epsilonn": 3 } }""", "\"dp.epsilonn\" is not a key of \"dp\". Did you mean 'epsilon'?")]
    [InlineData("""{ "data": "pbc3", "dp": { "epsilon": "3" } }""", "dp.epsilon must be a number")]
    [InlineData("""{ "data": "pbc3", "dp": 3 }""", "dp must be an object")]
    [InlineData("""{ "data": "pbc3", "dp": { "epsilon": 0 } }""", "dp: The DP epsilon must be a positive finite number; got 0.")]
    [InlineData("""{ "data": "pbc3", "dp": { "epsilon": 3, "delta": 1.5 } }""", "dp: The DP delta must be in (0, 1)")]
    [InlineData("""{ "data": "pbc3", "dp": { "epsilon": 3, "clip": -1 } }""", "dp: The DP clipping norm must be a positive finite number")]
    [InlineData("""{ "data": "pbc3", "client_dp": { "noise_multiplier": 0 } }""", "client_dp.noise_multiplier is 0: without noise ε is infinite")]
    [InlineData("""{ "data": "pbc3", "client_dp": { "clip_norm": 1 }, "dp": { "epsilon": 3 } }""", "give either dp")]
    [InlineData("""{ "data": "pbc3", "client_dp": { "adaptive_clipping": true } }""", "Adaptive clipping needs dp.clipped_count_stddev > 0")]
    public void Parse_BadDpBlock_SaysWhatIsWrongInTheFilesWords(string json, string expected)
    {
        // Given / When
        var e = Assert.Throws<JobSpecException>(() => JobSpec.Parse(json));

        // Then
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }
}
