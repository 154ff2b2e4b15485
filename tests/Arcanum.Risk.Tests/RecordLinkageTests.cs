using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests;

public sealed class RecordLinkageTests
{
    [Fact]
    public void Match_VoterList_CountsUniqueNoneAndSeveral()
    {
        // Given: (30,F) is one voter, (40,M) two voters, (50,F) none
        var release = Releases.Table("age,sex,dx\n30,F,flu\n40,M,flu\n40,M,copd\n50,F,flu\n");
        var voters = Releases.Table("name,age,sex\nAnn,30,F\nBob,40,M\nCal,40,M\nDee,60,F\n", "voters.csv");

        // When
        var counts = RecordLinkage.Match(release, voters, ["age", "sex"]);

        // Then
        Assert.Equal(new LinkageCounts(4, 1, 1, 2), counts);
    }

    [Fact]
    public void Match_GeneralisedRelease_CoversTheExactValuesItStandsFor()
    {
        // Given: a release with age bands, masked ZIPs and months; voters with exact values
        string[] on = ["age", "zip", "admitted"];
        var release = Read("age,zip,admitted\n30-39,021**,2098-03\n40-49,100**,2098-04\n*,*,*\n", on);
        var voters = Read(
            "name,age,zip,admitted\nAnn,31,02139,2098-03-04\nBob,45,10001,2098-04-30\nCal,47,10002,2098-04-01\n"
            + "Dee,52,60601,2099-01-01\n", on);

        // When
        var counts = RecordLinkage.Match(release, voters, on);

        // Then: the first row covers Ann alone (re-identified), the second Bob and Cal, the third everyone
        Assert.Equal(new LinkageCounts(3, 1, 0, 2), counts);
    }

    [Fact]
    public void Match_WithTheReleasesHierarchy_ACategoryCoversTheValuesItGroups()
    {
        // Given: education generalised to a category; voters hold the exact degree
        string[] on = ["education"];
        var release = Read("education\nUndergraduate\nDoctorate\n", on);
        var voters = Read("name,education\nAnn,Bachelors\nBob,Some-college\nCal,Doctorate\n", on);
        var hierarchy = new Arcanum.Risk.Anonymization.Hierarchy("education", "education.csv",
            [["Bachelors", "Undergraduate", "*"], ["Some-college", "Undergraduate", "*"], ["Doctorate", "Graduate", "*"]]);

        // When
        var without = RecordLinkage.Match(release, voters, on);
        var with = RecordLinkage.Match(release, voters, on, new Dictionary<string, Arcanum.Risk.Anonymization.Hierarchy>
        {
            ["education"] = hierarchy,
        });

        // Then: without the hierarchy "Undergraduate" matches nobody; with it, both undergraduates
        Assert.Equal(new LinkageCounts(2, 1, 1, 0), without);
        Assert.Equal(new LinkageCounts(2, 1, 0, 1), with);
    }

    [Theory]
    [InlineData("30-39", "30", true)]
    [InlineData("30-39", "39.5", false)]
    [InlineData("30-39", "40", false)]
    [InlineData("021**", "02139", true)]
    [InlineData("021**", "0213", false)]
    [InlineData("021**", "03139", false)]
    [InlineData("2098-03", "2098-03-31", true)]
    [InlineData("2098", "2098-12-01", true)]
    [InlineData("2098", "2098", true)]
    [InlineData("Married", "Married-civ-spouse", false)]
    [InlineData("*", "anything", true)]
    public void Covers_GeneralisedForms_MatchExactlyTheValuesTheyStandFor(string released, string exact, bool covered) =>
        Assert.Equal(covered, GeneralisedValue.Covers(released, exact));

    /// <summary>Read as <c>arcanum risk link</c> reads its tables: the linking columns as written (ZIP 02139 stays 02139).</summary>
    private static Arcanum.Data.Tables.DataTable Read(string csv, string[] columns)
    {
        var path = Path.Combine(Path.GetTempPath(), $"arcanum-link-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            return ReleaseTables.Read(path, columns);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
