using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum risk</c> end to end: the files a privacy officer gets, and one clear line for each bad
/// input.</summary>
public sealed class RiskCommandTests
{
    // 10 records in classes of 1, 2, 3 and 4 on (age, sex, zip3); the unique record has a blank zip3.
    private const string Release = "age,sex,zip3,diagnosis\n" +
        "30,F,,Zebrafish-allergy\n" +
        "40,M,021,flu\n40,M,021,flu\n" +
        "50,F,100,flu\n50,F,100,asthma\n50,F,100,copd\n" +
        "60,M,100,flu\n60,M,100,asthma\n60,M,100,flu\n60,M,100,asthma\n";

    [Fact]
    public void Risk_HandBuiltRelease_WritesJsonAndHtmlAndPrintsTheFigures()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);
        var output = dir.Sub("risk");

        // When
        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex,zip3", "--sensitive", "diagnosis",
            "--population-size", "1000", "--out", output);

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["report.html", "risk.json"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "risk.json")));
        var root = json.RootElement;
        int Int(string name) => root.GetProperty(name).GetInt32();
        Assert.Equal((10, 4, 1), (Int("records"), Int("classes"), Int("k")));
        Assert.Equal(0.4, root.GetProperty("prosecutor").GetProperty("average").GetDouble(), 12);
        Assert.Equal(1, root.GetProperty("sensitive")[0].GetProperty("distinct_l").GetInt32());
        Assert.Contains("k (smallest class)", run.Output);
        Assert.Contains("1 / 0.4", run.Output);
        Assert.Contains("Not safe to release in any tier", run.Output);
        Assert.Contains("Not safe to release in any tier", File.ReadAllText(Path.Combine(output, "report.html")));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.DoesNotContain("Zebrafish", run.Output + html + root.GetRawText());
    }

    [Fact]
    public void Risk_PopulationUsa_ReportsDankarEstimate()
    {
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);

        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex", "--population", "usa", "--out", dir.Sub("risk"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("population uniques (Dankar)", run.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Sub("risk/risk.json")));
        var population = json.RootElement.GetProperty("population_uniqueness").GetProperty("population_size");
        Assert.Equal(317_238_626, population.GetDouble());
    }

    [Fact]
    public void Risk_PopulationTable_JournalistRiskMeasuredAgainstIt()
    {
        // Given: the population holds 3 more people who look like the unique 30-year-old woman
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);
        var voters = dir.File("voters.csv", "sex;age\n" + string.Join("\n",
            Enumerable.Repeat("F;30", 4).Concat(Enumerable.Repeat("M;40", 2)).Concat(Enumerable.Repeat("F;50", 3))
                .Concat(Enumerable.Repeat("M;60", 4))));

        // When
        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex", "--population-table", voters,
            "--out", dir.Sub("r"));

        // Then: prosecutor risk stays 1 (the release has a unique); journalist risk is 1/2 (the class of 2)
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Sub("r/risk.json")));
        Assert.Equal(1.0, json.RootElement.GetProperty("prosecutor").GetProperty("highest").GetDouble());
        Assert.Equal(0.5, json.RootElement.GetProperty("journalist").GetProperty("highest").GetDouble());
        Assert.Equal((0.25 + 3) / 10, json.RootElement.GetProperty("marketer").GetDouble(), 12);
        Assert.Contains("journalist risk: highest / average │ 0.5", run.Output);
    }

    [Theory]
    [InlineData("--qi age,sx",
        "error: Quasi-identifier 'sx' is not a column of release.csv (4 columns). Did you mean 'sex'? Its first line must name " +
        "the columns; if it holds data, add a header line.")]
    [InlineData("--qi age --sensitive diagnosys",
        "error: Sensitive column 'diagnosys' is not a column of release.csv (4 columns). Did you mean 'diagnosis'?")]
    [InlineData("--qi age,sex --population usa --population-size 5",
        "error: Give --population-size or --population, not both.")]
    [InlineData("--qi age --population-size 3", "error: The population (3) is smaller than the release (10 records)")]
    [InlineData("--qi age --population mars", "error: --population 'mars' is not one of usa.")]
    public void Risk_BadSetting_OneLineExit2NothingWritten(string options, string expected)
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);

        // When
        var run = CliRun.Of(["risk", "--in", input, .. options.Split(' '), "--out", dir.Sub("risk")]);

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(dir.Sub("risk")));
    }

    [Fact]
    public void Risk_FileWithoutHeader_NeverEchoesTheFirstRecord()
    {
        // Given a file whose first line is a patient's record, not column names
        using var dir = new TempDir();
        var input = dir.File("nohdr.csv", "Smith,John,1950-03-04,02139\nJones,Mary,1961-07-04,02140\n");

        // When
        var run = CliRun.Of("risk", "--in", input, "--qi", "age", "--out", dir.Sub("risk"));

        // Then it says what is wrong without any of those values
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("add a header line", run.Error);
        foreach (var value in new[] { "Smith", "John", "1950", "02139" }) Assert.DoesNotContain(value, run.Error + run.Output);
    }

    [Fact]
    public void Risk_MissingFile_NamesItExit2()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("risk", "--in", dir.Sub("nope.csv"), "--qi", "age", "--out", dir.Sub("risk"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: Cannot read table: file '{dir.Sub("nope.csv")}' does not exist.", run.Error.TrimEnd());
        Assert.False(Directory.Exists(dir.Sub("risk")));
    }

    [Fact]
    public void Risk_RaggedLine_NamesTheLineNotItsValuesExit2()
    {
        using var dir = new TempDir();
        var input = dir.File("release.csv", "age,sex,zip3\n30,F,021\n40,Zebrafish\n");

        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex", "--out", dir.Sub("risk"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: release.csv line 3 has 2 fields; the header has 3", run.Error.TrimEnd());
        Assert.False(Directory.Exists(dir.Sub("risk")));
    }

    [Fact]
    public void Risk_HeaderOnly_SaysNoRecordsExit2()
    {
        using var dir = new TempDir();
        var input = dir.File("release.csv", "age,sex\n");

        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex", "--out", dir.Sub("risk"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: release.csv has no records; there is nothing to measure.", run.Error.TrimEnd());
        Assert.False(Directory.Exists(dir.Sub("risk")));
    }

    [Fact]
    public void Risk_PopulationTableMissingReleasedPeople_CountsNoValuesExit2()
    {
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);
        var voters = dir.File("voters.csv", "age,sex\n40,M\n41,M\n");

        var run = CliRun.Of("risk", "--in", input, "--qi", "age,sex", "--population-table", voters,
            "--out", dir.Sub("risk"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: The population table has 2 records, fewer than the 10 released; " +
            "it must include every released person.",
            run.Error.TrimEnd());
        Assert.DoesNotContain("41", run.Error);
    }

    [Fact]
    public void Risk_OutNotEmpty_RefusesAndKeepsWhatIsThere()
    {
        using var dir = new TempDir();
        var input = dir.File("release.csv", Release);
        Directory.CreateDirectory(dir.Sub("risk"));
        File.WriteAllText(dir.Sub("risk/notes.txt"), "keep");

        var run = CliRun.Of("risk", "--in", input, "--qi", "age", "--out", dir.Sub("risk"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not empty; choose a new folder", run.Error);
        Assert.Equal(["notes.txt"], Directory.GetFiles(dir.Sub("risk")).Select(Path.GetFileName));
    }
}
