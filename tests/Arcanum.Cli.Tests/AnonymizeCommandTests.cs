using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum anonymize</c> and <c>arcanum risk link</c> end to end.</summary>
public sealed class AnonymizeCommandTests
{
    // 8 records; with age in decades and sex kept, classes (30s,F) and (40s,M) have 4 each.
    private const string Table = "age,sex,zip,diagnosis\n" +
        "31,F,02139,flu\n33,F,02139,copd\n35,F,02138,flu\n38,F,02138,asthma\n" +
        "41,M,10001,flu\n42,M,10001,flu\n47,M,10002,copd\n49,M,10002,flu\n";

    [Fact]
    public void Anonymize_GeneratedHierarchies_WritesAKAnonymousReleaseAndJson()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("data.csv", Table);
        var output = dir.Sub("safe.csv");

        // When
        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age,sex,zip", "--interval", "age=5,10",
            "--hierarchy", "sex=" + dir.File("sex.csv", "F;*\nM;*\n"), "--zip", "zip", "--k", "4", "--keep", "diagnosis", "--out", output);

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("age,sex,zip,diagnosis", lines[0]);
        Assert.Equal(4, lines.Count(l => l.StartsWith("30-39,F,", StringComparison.Ordinal)));
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Sub("anonymize.json")));
        Assert.Equal(4, json.RootElement.GetProperty("k").GetInt32());
        Assert.Equal(0.25, json.RootElement.GetProperty("risk").GetProperty("prosecutor").GetProperty("highest").GetDouble());
    }

    [Fact]
    public void Anonymize_HierarchyMissesAValue_ExitsTwoNamingFileAndColumnAndWritesNothing()
    {
        // Given: sex.csv has no M
        using var dir = new TempDir();
        var input = dir.File("data.csv", Table);

        // When
        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age,sex", "--interval", "age=10",
            "--hierarchy", "sex=" + dir.File("sex.csv", "F;*\n"), "--k", "2", "--drop", "zip", "--keep", "diagnosis",
            "--out", dir.Sub("safe.csv"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sex.csv", run.Error);
        Assert.Contains("'sex'", run.Error);
        Assert.False(File.Exists(dir.Sub("safe.csv")));
        Assert.False(File.Exists(dir.Sub("anonymize.json")));
        Assert.Equal(["data.csv", "sex.csv"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("data.csv")]
    [InlineData("anonymize.json")]
    public void Anonymize_OutputWouldReplaceTheInput_ExitsTwoAndLeavesTheInput(string inputName)
    {
        // Given: --out is the input itself, or the input is where anonymize.json goes
        using var dir = new TempDir();
        var input = dir.File(inputName, Table);

        // When
        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age,sex", "--interval", "age=10",
            "--hierarchy", "sex=" + dir.File("sex.csv", "F;*\nM;*\n"), "--k", "2", "--drop", "zip", "--keep", "diagnosis",
            "--out", inputName == "data.csv" ? input : dir.Sub("safe.csv"));

        // Then: the original table is still there, unchanged
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("input", run.Error);
        Assert.Equal(Table, File.ReadAllText(input));
    }

    [Fact]
    public void Anonymize_ColumnWithoutARole_ExitsTwoNamingItAndWritesNothing()
    {
        // Given: zip and diagnosis are neither quasi-identifiers nor kept nor dropped
        using var dir = new TempDir();
        var input = dir.File("data.csv", Table);

        // When
        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age,sex", "--interval", "age=10",
            "--hierarchy", "sex=" + dir.File("sex.csv", "F;*\nM;*\n"), "--k", "2", "--out", dir.Sub("safe.csv"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'zip', 'diagnosis'", run.Error);
        Assert.Contains("--keep", run.Error);
        Assert.False(File.Exists(dir.Sub("safe.csv")));
    }

    [Fact]
    public void Anonymize_DroppedColumn_IsLeftOutOfTheRelease()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("data.csv", Table);

        // When
        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age,sex", "--interval", "age=10",
            "--hierarchy", "sex=" + dir.File("sex.csv", "F;*\nM;*\n"), "--k", "2", "--drop", "zip", "--keep", "diagnosis",
            "--out", dir.Sub("safe.csv"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(dir.Sub("safe.csv"));
        Assert.Equal("age,sex,diagnosis", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains("0213", StringComparison.Ordinal));
    }

    [Fact]
    public void Anonymize_KBelowTwo_ExitsTwo()
    {
        using var dir = new TempDir();
        var input = dir.File("data.csv", Table);

        var run = CliRun.Of("anonymize", "--in", input, "--qi", "age", "--interval", "age=10", "--k", "1",
            "--out", dir.Sub("safe.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("k must be at least 2", run.Error);
    }

    [Fact]
    public void RiskLink_BeforeAndAfter_ShowsFewerUniqueMatches()
    {
        // Given: voters hold exact ages; the release has decades
        using var dir = new TempDir();
        var original = dir.File("data.csv", Table);
        var release = dir.File("safe.csv", Table.Replace("31,", "30-39,").Replace("33,", "30-39,")
            .Replace("35,", "30-39,").Replace("38,", "30-39,"));
        var voters = dir.File("voters.csv", "name,age,sex\nAnn,31,F\nBea,33,F\nCat,35,F\nDot,38,F\n");

        // When
        var run = CliRun.Of("risk", "link", "--release", release, "--external", voters, "--on", "age,sex",
            "--before", original);

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("│ before  │ 8       │ 4 (50.0%)", run.Output);
        Assert.Contains("│ release │ 8       │ 0 (0.0%)", run.Output);
    }
}
