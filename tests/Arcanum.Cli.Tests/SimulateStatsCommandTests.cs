using System.Text.Json.Nodes;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

public sealed class SimulateStatsCommandTests
{
    [Fact]
    public void Stats_BundledDataset_PrintsEverySiteAndThePooledTableWithSmallCellsWithheld()
    {
        // Given pbc3, whose six units hold few men each
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "stats.json");

        // When age and bilirubin are described by sex
        var run = Run("--data", "pbc3", "--columns", "age,bili", "--range", "age=20:80", "bili=0:500", "--by", "sex", "--out", json);

        // Then every unit and the pooled table are printed, small groups are withheld (not shown as 0),
        // and the JSON says so too
        Assert.Equal(0, run.ExitCode);
        for (var unit = 1; unit <= 6; unit++) Assert.Contains($"unit={unit}", run.Output);
        Assert.Contains("withheld", run.Output);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        var pooled = report["global"]!["rows"]!.AsArray();
        Assert.Contains(pooled, r => (string?)r!["column"] == "age" && r["count"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number);
        var sites = report["sites"]!.AsArray();
        Assert.Contains(sites, s => s!["rows"]!.AsArray().Any(r => r!["count"]!.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)r["count"] == "withheld"));
    }

    [Fact]
    public void Stats_PooledCount_EqualsTheRowsOfTheDataset()
    {
        // Given / When age over all of pbc3 with no grouping
        var run = Run("--data", "pbc3", "--columns", "age", "--range", "age=0:100");

        // Then the global count is every row (349 in data/pbc3.csv), computed from the sites' sums alone
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"global[\s\S]*\(all\)\s+age\s+349\s+349", run.Output);
    }

    [Theory]
    [InlineData("billi", "age=0:100", "Did you mean 'bili'?")]
    [InlineData("age", "age=0-100", "is not COLUMN=LOW:HIGH")]
    [InlineData("age", "bili=0:9", "Column 'age' has no declared range")]
    public void Stats_BadQuery_OneLineErrorAndExit2(string columns, string range, string expected)
    {
        // Given / When
        var run = Run("--data", "pbc3", "--columns", columns, "--range", range);

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    private static CliRun Run(params string[] args) => CliRun.Of(["simulate", "stats", .. args]);
}
