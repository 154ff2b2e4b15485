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
}
