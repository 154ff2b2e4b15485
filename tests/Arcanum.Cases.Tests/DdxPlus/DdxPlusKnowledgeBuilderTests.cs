using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Tests.DdxPlus;

/// <summary>The DDXPlus reader and estimator on a fixture small enough to count by hand.</summary>
public sealed class DdxPlusKnowledgeBuilderTests
{
    private static KnowledgeBase Build(TempDir dir, string? patients = null)
    {
        var folder = DdxPlusFixture.Write(dir, patients);
        var release = DdxPlusRelease.Read(folder);
        var (estimate, heldOut) = DdxPlusSplit.Split(DdxPlusPatients.Read(Path.Combine(folder, "patients_dev.csv")), 3);
        return DdxPlusKnowledgeBuilder.Build(release, estimate, "patients_dev.csv", heldOut.Count);
    }

    [Fact]
    public void Read_Fixture_PathologiesEvidencesAndLinks()
    {
        using var dir = new TempDir();

        var release = DdxPlusRelease.Read(DdxPlusFixture.Write(dir));

        Assert.Equal(["Flu", "Cold"], release.Pathologies.Select(p => p.Name));
        Assert.Equal(["E_1", "E_2", "E_3", "E_9"], release.Pathologies[0].Evidences);
        Assert.Equal("E_2", release.Evidences.Single(e => e.Id == "E_3").Gate);
        // A gate the release does not contain is dropped: the evidence is asked of everyone.
        Assert.Null(release.Evidences.Single(e => e.Id == "E_4").Gate);
        Assert.Equal(["V_1", "V_2", "V_3"], release.Evidences.Single(e => e.Id == "E_3").Values);
    }

    [Fact]
    public void Read_PatientsCsv_QuotedListsAndHoldOutEveryThird()
    {
        using var dir = new TempDir();
        var patients = DdxPlusPatients.Read(Path.Combine(DdxPlusFixture.Write(dir), "patients_dev.csv"));

        var (estimate, heldOut) = DdxPlusSplit.Split(patients, 3);

        Assert.Equal(6, patients.Count);
        Assert.Equal(["E_2", "E_3_@_V_2", "E_9"], patients[4].Evidences);
        Assert.Equal([50, 70], heldOut.Select(p => p.Age));
        Assert.Equal(4, estimate.Count);
        Assert.DoesNotContain("E_", patients[0].ToString());
    }

    [Fact]
    public void Build_Fixture_EstimatesByHand()
    {
        using var dir = new TempDir();

        var kb = Build(dir);

        var flu = kb.Diseases[0];
        // Flu: 3 of the 4 estimating patients (one names it in French); Laplace over 2 pathologies.
        Assert.Equal(new Estimate(3), flu.Estimated);
        Assert.Equal(4.0 / 6, flu.Prevalence, 6);
        // Fever: 2 of 3 flu patients; pooled over flu and cold 2 of 4; m = 2: (2 + 2 x 0.5) / (3 + 2).
        var fever = flu.Findings.Single(f => f.Id == "E_1");
        Assert.Equal(0.6, fever.P, 6);
        Assert.Equal(new Estimate(3, 2), fever.Estimated);
        // Pain character, gated by pain: both flu patients with pain answered; shares (1 + 2 x 2/5) / 4 ...
        var character = flu.Findings.Single(f => f.Id == "E_3");
        Assert.Equal(new Estimate(2, 2), character.Estimated);
        Assert.Equal(1.0, character.P, 6);
        Assert.Equal(0.45, character.Values!["V_1"], 6);
        Assert.Equal(0.45, character.Values!["V_2"], 6);
        Assert.Equal(0.1, character.Values!["V_3"], 6);
        Assert.Equal(FindingKind.Antecedent, kb.Findings.Single(f => f.Id == "E_9").Kind);
        // value_meaning's English text labels coded values, for notes; DDXPlus's Y reads as yes.
        Assert.Equal(new Dictionary<string, string> { ["V_2"] = "burning", ["V_3"] = "yes" },
            kb.Findings.Single(f => f.Id == "E_3").ValueLabels);
        Assert.Equal(new EstimationNote("patients_dev.csv", 4, 2, kb.Estimation!.Smoothing), kb.Estimation);
        KnowledgeBaseValidator.Validate(kb);
    }

    [Fact]
    public void Build_UnknownPathology_NamesTheRow()
    {
        using var dir = new TempDir();
        var patients = DdxPlusFixture.Patients.Replace("M,Grippe", "M,Measles", StringComparison.Ordinal);

        var e = Assert.Throws<CasesException>(() => Build(dir, patients));

        Assert.Contains("row 5: pathology 'Measles' is not in release_conditions.json", e.Message);
    }

    [Fact]
    public void Read_FolderWithoutRelease_SaysWhichFileIsMissing()
    {
        using var dir = new TempDir();

        var e = Assert.Throws<CasesException>(() => DdxPlusRelease.Read(dir.Path));

        Assert.Contains("release_evidences.json is missing", e.Message);
    }
}
