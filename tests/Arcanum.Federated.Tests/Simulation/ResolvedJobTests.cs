using Arcanum.Data;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Tests.Support;

namespace Arcanum.Federated.Tests.Simulation;

/// <summary>A study designed in simulation runs unchanged on a network: its job says everything a site needs.</summary>
public sealed class ResolvedJobTests
{
    [Fact]
    public void Run_BundledData_ResultJobCarriesTheDatasetDefaults()
    {
        // Given
        var job = new JobSpec { Rounds = 1, LearningRate = 0.1 };

        // When
        var result = new FederatedSimulator(new PlainSoftmaxLearner()).Run(job, StudyBuilder.Load(job));

        // Then
        Assert.Equal("status", result.Job.Target);
        Assert.Equal("2", result.Job.Positive);
        Assert.Equal("unit", result.Job.SiteColumn);
        Assert.Contains("ptno", result.Job.Exclude!);
        Assert.Contains("days", result.Job.Exclude!);
    }

    [Fact]
    public void Resolve_Pbc3_ItsJsonIsAcceptedAndDescribesAHospitalFile()
    {
        // Given: what simulate writes to job.json, submitted to a network
        var json = StudyBuilder.Resolve(new JobSpec()).ToJson();
        var job = JobSpec.Parse(json);
        var table = BundledDatasets.Get("pbc3").Load();

        // When: a hospital describes its table with it (before the fix: "Name the column to predict")
        var description = TablePreparation.Describe(table, job, "hospital-a.csv");

        // Then
        Assert.Equal(["0", "1", "2"], description.TargetValues.Order());
        Assert.DoesNotContain("days", description.Features);
        Assert.DoesNotContain("ptno", description.Features);
    }

    [Fact]
    public void Resolve_JobThatNamesItsOwnTarget_KeepsIt()
    {
        var job = StudyBuilder.Resolve(new JobSpec { Target = "sex", Positive = "1" });

        Assert.Equal("sex", job.Target);
        Assert.Equal("1", job.Positive);
    }
}
