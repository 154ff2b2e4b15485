using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Simulation;

public sealed class StudyBuilderTests
{
    [Fact]
    public void Load_DefaultJob_SplitsPbc3IntoItsSixHospitals()
    {
        // When
        var study = StudyBuilder.Load(new JobSpec());

        // Then
        Assert.Equal(["unit=1", "unit=2", "unit=3", "unit=4", "unit=5", "unit=6"], study.Sites.Select(s => s.Name));
        Assert.Equal(new[] { 23, 150, 46, 79, 23, 28 }.Order(), study.Sites.Select(s => s.Train.Count + s.Holdout.Count).Order());
        Assert.Equal(2, study.ClassCount);
        Assert.Equal("auroc", study.HeadlineMetric);
        Assert.DoesNotContain(study.FeatureNames, f => f.StartsWith("ptno", StringComparison.Ordinal) || f.StartsWith("days", StringComparison.Ordinal) || f.StartsWith("unit", StringComparison.Ordinal) || f.StartsWith("status", StringComparison.Ordinal));
        Assert.Contains("bili", study.FeatureNames);
        Assert.NotNull(study.EncoderJson);
    }

    [Fact]
    public void Load_EachSite_HoldsOutAboutAQuarterStratified()
    {
        // When
        var study = StudyBuilder.Load(new JobSpec());

        // Then
        foreach (var site in study.Sites)
        {
            var total = site.Train.Count + site.Holdout.Count;
            Assert.InRange(site.Holdout.Count, (int)(total * 0.15), (int)Math.Ceiling(total * 0.35));
        }
    }

    [Fact]
    public void Load_SameSeed_SameSplits_OtherSeed_OtherSplits()
    {
        // When
        var a = StudyBuilder.Load(new JobSpec { Seed = 1 });
        var b = StudyBuilder.Load(new JobSpec { Seed = 1 });
        var c = StudyBuilder.Load(new JobSpec { Seed = 2 });

        // Then
        Assert.Equal(a.Sites[1].Holdout.Features, b.Sites[1].Holdout.Features);
        Assert.NotEqual(a.Sites[1].Holdout.Features, c.Sites[1].Holdout.Features);
    }

    [Fact]
    public void Load_SitesInsteadOfColumn_MakesSyntheticSites()
    {
        // When
        var study = StudyBuilder.Load(new JobSpec { Sites = 3, Split = "dirichlet:1.0" });

        // Then
        Assert.Equal(["site-1", "site-2", "site-3"], study.Sites.Select(s => s.Name));
        Assert.Equal(349, study.Sites.Sum(s => s.Train.Count + s.Holdout.Count));
    }

    [Fact]
    public void Load_MultiClassTarget_WithoutPositive_KeepsEveryClass()
    {
        // When: PBC3 status is 0 censored, 1 transplant, 2 dead; a target given without --positive
        var study = StudyBuilder.Load(new JobSpec { Target = "status" });

        // Then
        Assert.Equal(["0", "1", "2"], study.ClassNames);
        Assert.Equal("accuracy", study.HeadlineMetric);
    }

    [Fact]
    public void Load_UnknownDataset_NamesTheBundledOnes()
    {
        var e = Assert.Throws<JobSpecException>(() => StudyBuilder.Load(new JobSpec { Data = "mimic" }));
        Assert.Contains("pbc3", e.Message);
    }
}
