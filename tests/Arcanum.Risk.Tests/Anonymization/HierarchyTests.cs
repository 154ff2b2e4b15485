using Arcanum.Risk.Anonymization;

namespace Arcanum.Risk.Tests.Anonymization;

public sealed class HierarchyTests
{
    [Fact]
    public void Constructor_InconsistentHeights_NamesTheFileAndLine()
    {
        var error = Assert.Throws<RiskInputException>(() =>
            new Hierarchy("age", "age.csv", [["1", "0-4", "*"], ["2", "*"]]));

        Assert.Contains("age.csv", error.Message);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Constructor_LevelSplitsAGroup_IsRejected()
    {
        var error = Assert.Throws<RiskInputException>(() =>
            new Hierarchy("zip", "zip.csv", [["021", "02*", "0**"], ["022", "02*", "1**"]]));

        Assert.Contains("not a hierarchy", error.Message);
    }

    [Fact]
    public void Find_MissingFile_NamesTheColumnAndArxNaming()
    {
        var folder = Directory.CreateTempSubdirectory("arcanum-h-").FullName;
        try
        {
            var error = Assert.Throws<RiskInputException>(() => HierarchyFiles.Find(folder, "age"));
            Assert.Contains("_hierarchy_age.csv", error.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Interval_Age37_GivesNestedIntervalsThenStar()
    {
        var h = GeneratedHierarchies.Interval("age", ["37"], [5, 10, 20]);

        Assert.Equal(["37", "35-39", "30-39", "20-39", "*"], Enumerable.Range(0, h.Height).Select(l => h.Generalize(0, l)));
    }

    [Fact]
    public void Shares_ArxLossShares_AreGroupSizeOverDomain()
    {
        var h = new Hierarchy("sex", "s.csv", [["F", "x", "*"], ["M", "x", "*"], ["X", "y", "*"], ["U", "y", "*"]]);

        Assert.Equal([0.25, 0.25, 0.25, 0.25], h.Shares(0));
        Assert.Equal([0.5, 0.5, 0.5, 0.5], h.Shares(1));
        Assert.Equal([1.0, 1.0, 1.0, 1.0], h.Shares(2));
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, -0.1)]
    [InlineData(2, 1.5)]
    public void Validate_BadKOrSuppression_Throws(int k, double suppression)
    {
        var options = new AnonymizationOptions { QuasiIdentifiers = ["age"], K = k, SuppressionLimit = suppression };

        Assert.Throws<RiskInputException>(options.Validate);
    }
}
