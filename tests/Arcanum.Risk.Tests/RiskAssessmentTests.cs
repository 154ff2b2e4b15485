using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests;

public sealed class RiskAssessmentTests
{
    private static readonly RiskOptions AgeSex = new() { QuasiIdentifiers = ["age", "sex"], Sensitive = ["diagnosis"] };

    [Fact]
    public void Measure_TenRecordsInClassesOf1234_FiguresAPrivacyOfficerChecksByHand()
    {
        // When
        var report = RiskAssessment.Measure(Releases.TenRecords(), AgeSex);

        // Then
        Assert.Equal((10, 4, 1, 1), (report.Records, report.Classes, report.K, report.SampleUniques));
        Assert.Equal((1.0, 0.4), (report.Prosecutor.Highest, report.Prosecutor.Average));
        Assert.Equal([1, 3, 10, 10], report.BelowK.Select(b => b.Records));
        Assert.Equal(report.Prosecutor, report.Journalist);
        Assert.Contains("journalist risk equals prosecutor risk", report.JournalistBasis);
        Assert.Equal(0.4, report.Marketer, 12);
        Assert.Null(report.PopulationUniqueness);
        Assert.Equal("diagnosis", report.Sensitive.Single().Column);
        Assert.StartsWith("Not safe to release", report.Verdict.Summary);
    }

    [Fact]
    public void Measure_PopulationTable_JournalistRiskFallsBelowProsecutor()
    {
        // Given: the population holds 2 more people aged 30 F and the rest as released
        var population = Releases.Table(string.Join("\n",
            "age,sex,other",
            "30,F,x", "30,F,x", "30,F,x",
            "40,M,x", "40,M,x",
            "50,F,x", "50,F,x", "50,F,x",
            "60,M,x", "60,M,x", "60,M,x", "60,M,x"), "voters.csv");

        // When
        var report = RiskAssessment.Measure(Releases.TenRecords(), AgeSex, population);

        // Then: the unique record now has 3 look-alikes: highest 1/2; marketer (1/3 + 1 + 1 + 1) / 10
        Assert.Equal(0.5, report.Journalist.Highest);
        Assert.Equal(1.0, report.Prosecutor.Highest);
        Assert.Equal((1 / 3.0 + 3) / 10, report.Marketer, 12);
        Assert.Contains("voters.csv", report.JournalistBasis);
    }

    [Fact]
    public void Measure_PopulationMissingAReleasedPerson_ThrowsWithCountsNotValues()
    {
        var population = Releases.Table("age,sex\n30,F\n40,M\n40,M\n50,F\n50,F\n50,F\n60,M\n60,M\n60,M\n61,M");

        var release = Releases.TenRecords();

        var error = Assert.Throws<RiskInputException>(() => RiskAssessment.Measure(release, AgeSex, population));

        Assert.Equal("1 of the 4 equivalence classes of release.csv have fewer records in the population table than " +
            "in the release; the population must include every released person with the same quasi-identifier values.",
            error.Message);
    }

    [Fact]
    public void Measure_PopulationSize_EstimatesPopulationUniqueness()
    {
        var report = RiskAssessment.Measure(Releases.TenRecords(), AgeSex with { PopulationSize = 1000 });

        Assert.NotNull(report.PopulationUniqueness);
        Assert.Equal(0.01, report.PopulationUniqueness.SamplingFraction, 12);
        Assert.InRange(report.PopulationUniqueness.Zayatz, 0, 0.1);
    }

    [Fact]
    public void Measure_HeaderOnly_ThrowsNoRecords()
    {
        var empty = Releases.Table("age,sex,diagnosis\n");

        var error = Assert.Throws<RiskInputException>(() => RiskAssessment.Measure(empty, AgeSex));

        Assert.Equal("release.csv has no records; there is nothing to measure.", error.Message);
    }

    [Fact]
    public void Measure_UnknownSensitive_NamesIt()
    {
        var misspelt = AgeSex with { Sensitive = ["diagnose"] };

        var error = Assert.Throws<RiskInputException>(() => RiskAssessment.Measure(Releases.TenRecords(), misspelt));

        Assert.StartsWith(
            "Sensitive column 'diagnose' is not a column of release.csv (3 columns). Did you mean 'diagnosis'?", error.Message);
    }
}
