using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Tests.DdxPlus;

/// <summary>
/// Federated frequency fitting: sites' counts add up to the pooled patients' counts exactly, and what a site releases
/// under a minimum count hides small counts without leaving them to subtraction.
/// </summary>
public sealed class DdxPlusCountsTests
{
    [Fact]
    public void Sum_TwoSitesUnguarded_SameKnowledgeBaseAsPooledPatients()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);

        var siteA = DdxPlusCounts.Of(release, patients.Where((_, i) => i % 2 == 0));
        var siteB = DdxPlusCounts.Of(release, patients.Where((_, i) => i % 2 == 1));
        var federated = DdxPlusKnowledgeBuilder.Build(release, DdxPlusCounts.Sum(release, [siteA, siteB]), "sites", 0);
        var central = DdxPlusKnowledgeBuilder.Build(release, patients, "sites", 0);

        Assert.Equal(KnowledgeBaseFile.ToJson(central), KnowledgeBaseFile.ToJson(federated));
    }

    [Fact]
    public void Guarded_PathologyWithOnePatient_WithheldWhole()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        // Site: the first four patients, one of them with a cold.
        var site = DdxPlusCounts.Of(release, patients.Take(4).Where(p => p.Pathology != "Cold" || p.Age == 50));

        var released = site.Guarded(release, 2);

        Assert.Equal(1, site.Patients[1]);
        Assert.Equal(0, released.Patients[1]);
        Assert.All(released.Evidence[1], e => Assert.Equal(0, e.Eligible));
        Assert.Equal(2, released.Patients[0]);
        Assert.True(released.Withheld > 0);
    }

    [Fact]
    public void Guarded_OneSmallAgeBand_WithholdsTheWholeHistogramNotJustTheCell()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        // Flu's ages 30, 40, 10 and 70 fall in bands 30-44 (2), 5-14 (1) and 60-74 (1).
        var site = DdxPlusCounts.Of(release, patients);

        var released = site.Guarded(release, 2);

        Assert.Equal(4, released.Patients[0]);
        // Releasing the cells of 2 alone would give away the rest by subtraction from the 4 patients.
        Assert.All(Enumerable.Range(0, released.Bands), b => Assert.Equal(0, released.Band[b]));
    }

    [Fact]
    public void Guarded_MinimumCountZero_ReleasesEverything()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        var site = DdxPlusCounts.Of(release, patients);

        var released = site.Guarded(release, 0);

        Assert.Equal(KnowledgeBaseFile.ToJson(DdxPlusKnowledgeBuilder.Build(release, site, "x", 0)),
            KnowledgeBaseFile.ToJson(DdxPlusKnowledgeBuilder.Build(release, released, "x", 0)));
        Assert.Equal(0, released.Withheld);
    }
}
