using System.Text.RegularExpressions;
using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class PseudonymsTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherKey = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Of_SameIdWrittenDifferently_GivesTheSamePseudonym()
    {
        // Given one MRN as two exports write it; When pseudonymised; Then they link
        Assert.Equal(Pseudonyms.Of(Key, "MRN0042"), Pseudonyms.Of(Key, " mrn0042 "));
    }

    [Fact]
    public void Of_AnotherKey_GivesAnotherPseudonym() =>
        Assert.NotEqual(Pseudonyms.Of(Key, "MRN0042"), Pseudonyms.Of(OtherKey, "MRN0042"));

    [Fact]
    public void Of_DifferentIds_GiveDifferentReadableFixedLengthPseudonyms()
    {
        // Given 1000 ids; When pseudonymised
        var all = Enumerable.Range(0, 1000).Select(i => Pseudonyms.Of(Key, i.ToString("D4"))).ToArray();

        // Then all differ, none contains the id, all have one readable shape
        Assert.Equal(1000, all.Distinct().Count());
        Assert.All(all, p => Assert.Matches(new Regex("^P(-[0-9A-HJKMNP-TV-Z]{4}){4}$"), p));
        Assert.All(all, p => Assert.Equal(Pseudonyms.Length, p.Length));
    }

    [Fact]
    public void Of_LeadingZeros_AreKept() => Assert.NotEqual(Pseudonyms.Of(Key, "042"), Pseudonyms.Of(Key, "42"));
}
