using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Tests.DdxPlus;

/// <summary>
/// Counts as they cross the network: keyed by name, added up without the release, and mapped back onto an admin's copy,
/// where anything the copy does not have is an error.
/// </summary>
public sealed class DdxPlusCountsDocumentTests
{
    [Fact]
    public void SumOfTwoSitesDocuments_ThroughJson_GivesTheKnowledgeBaseOfTheirSummedCounts()
    {
        // Given two sites' guarded counts, each sent as JSON
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        var sites = new[] { 0, 1 }.Select(s => DdxPlusCounts.Of(release, patients.Where((_, i) => i % 2 == s)).Guarded(release, 2)).ToList();
        var sent = sites.Select(c => DdxPlusCountsDocument.Parse(DdxPlusCountsDocument.From(release, c).ToJson()));

        // When the server adds them up (without the release) and the admin maps the sum onto its release
        var summed = DdxPlusCountsDocument.Parse(DdxPlusCountsDocument.Sum(sent).ToJson()).ToCounts(release);

        // Then the knowledge base is the one built from the same counts added in place, withheld groups included
        var inPlace = DdxPlusCounts.Sum(release, sites);
        Assert.Equal(KnowledgeBaseFile.ToJson(DdxPlusKnowledgeBuilder.Build(release, inPlace, "x", 0)),
            KnowledgeBaseFile.ToJson(DdxPlusKnowledgeBuilder.Build(release, summed, "x", 0)));
        Assert.Equal(inPlace.Withheld, summed.Withheld);
        Assert.True(summed.Withheld > 0);
        Assert.Equal(inPlace.Total, summed.Total);
    }

    [Fact]
    public void Document_ListsOnlyReleasedCountsByName()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);

        var document = DdxPlusCountsDocument.From(release, DdxPlusCounts.Of(release, patients));

        Assert.Equal(["Cold", "Flu"], document.Pathologies.Keys);
        Assert.Equal(4, document.Pathologies["Flu"].Patients);
        Assert.Equal(6, document.Patients);
        Assert.Contains("\"format\":\"ddxplus-counts/1\"", document.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToCounts_PathologyTheReleaseLacks_IsAnErrorNotAZero()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        var json = DdxPlusCountsDocument.From(release, DdxPlusCounts.Of(release, patients)).ToJson().Replace("\"Cold\"", "\"Measles\"", StringComparison.Ordinal);

        var e = Assert.Throws<CasesException>(() => DdxPlusCountsDocument.Parse(json).ToCounts(release));

        Assert.Contains("'Measles'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not the same DDXPlus version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCounts_EvidenceNotLinkedToThePathology_IsAnError()
    {
        using var dir = new TempDir();
        var (release, patients) = DdxPlusFixture.Load(dir);
        var document = DdxPlusCountsDocument.From(release, DdxPlusCounts.Of(release, patients));
        document.Pathologies["Cold"].Evidences["E_3"] = new DdxPlusCountsDocument.EvidenceEntry { Eligible = 2, Present = 1 };

        var e = Assert.Throws<CasesException>(() => document.ToCounts(release));

        Assert.Contains("'E_3' to 'Cold'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":\"other/1\",\"age_bands\":[],\"withheld\":0,\"pathologies\":{}}", "format")]
    [InlineData("{\"format\":\"ddxplus-counts/1\",\"withheld\":-1,\"pathologies\":{}}", "negative withheld")]
    [InlineData("{\"format\":\"ddxplus-counts/1\",\"withheld\":0,\"pathologies\":{\"Flu\":{\"patients\":3,\"age_bands\":[0,0,0,3,0,0,0],\"female\":1,\"male\":2,\"evidences\":{\"E_1\":{\"eligible\":2,\"present\":3,\"answers_from\":0,\"answers\":{}}}}}}", "present must be at most eligible")]
    [InlineData("{\"format\":\"ddxplus-counts/1\",\"withheld\":0,\"pathologies\":{\"Flu\":{\"patients\":3,\"age_bands\":[3],\"female\":1,\"male\":2,\"evidences\":{}}}}", "one count per age band")]
    [InlineData("{\"format\":\"ddxplus-counts/1\",\"withheld\":0,\"rows\":[],\"pathologies\":{}}", "rows")]
    [InlineData("not json", "Not a DDXPlus counts document")]
    [InlineData("{\"format\":\"ddxplus-counts/1\",\"age_bands\":[[0,120]],\"withheld\":0,\"pathologies\":{}}", "must count in the age bands 0-4, 5-14")]
    public void Parse_MalformedDocument_SaysWhat(string json, string expected)
    {
        var e = Assert.Throws<CasesException>(() => DdxPlusCountsDocument.Parse(json));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sum_CountsThatWouldWrapAround_AreAnErrorNotANegativeTotal()
    {
        var big = DdxPlusCountsDocument.Parse("{\"format\":\"ddxplus-counts/1\",\"age_bands\":[[0,4],[5,14],[15,29],[30,44],[45,59],[60,74],[75,120]],\"withheld\":0," +
            "\"pathologies\":{\"Flu\":{\"patients\":2000000000,\"age_bands\":[0,0,0,0,0,0,0],\"female\":0,\"male\":0,\"evidences\":{}}}}");

        var e = Assert.Throws<CasesException>(() => DdxPlusCountsDocument.Sum([big, big]));

        Assert.Contains("more than a count can hold", e.Message, StringComparison.Ordinal);
    }
}
