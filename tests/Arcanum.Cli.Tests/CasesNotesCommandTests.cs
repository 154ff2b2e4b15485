using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary>
/// <c>arcanum cases notes</c> end to end as the README walks through it: simulate cases, write their notes, and
/// score the rules of <c>deid text</c> against the notes' gold with <c>deid evaluate</c>.
/// </summary>
public sealed class CasesNotesCommandTests
{
    private static string Cases(TempDir dir)
    {
        var kb = CasesCommandTests.KnowledgeBase(dir);
        var run = CliRun.Of("cases", "simulate", "--kb", kb, "-n", "30", "--seed", "3", "--out", dir.Sub("cases.csv"));
        Assert.True(run.ExitCode == 0, run.Error);
        return kb;
    }

    [Fact]
    public void Notes_SimulatedCases_NotesAndGoldThatDeidEvaluateReads()
    {
        // Given
        using var dir = new TempDir();
        var kb = Cases(dir);

        // When
        var notes = CliRun.Of("cases", "notes", "--cases", dir.Sub("cases.csv"), "--kb", kb, "--out", dir.Sub("notes"), "--seed", "7");
        var deid = CliRun.Of("deid", "text", "--in", dir.Sub("notes"), "--out", dir.Sub("redacted"));
        var evaluate = CliRun.Of("deid", "evaluate", "--gold", dir.Sub("notes/gold.jsonl"),
            "--predicted", dir.Sub("redacted/spans.jsonl"), "--json", dir.Sub("score.json"));

        // Then
        Assert.True(notes.ExitCode == 0, notes.Error);
        Assert.Contains("Wrote 30 notes", notes.Output);
        Assert.Equal(30, Directory.GetFiles(dir.Sub("notes"), "case-*.txt").Length);
        Assert.True(deid.ExitCode == 0, deid.Error);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("30 gold document(s)", evaluate.Output);
        using var score = JsonDocument.Parse(File.ReadAllText(dir.Sub("score.json")));
        Assert.Contains("\"recall\"", score.RootElement.GetRawText());
    }

    [Fact]
    public void Notes_SameSeed_SameNotes()
    {
        using var dir = new TempDir();
        var kb = Cases(dir);

        var first = CliRun.Of("cases", "notes", "--cases", dir.Sub("cases.csv"), "--kb", kb, "--out", dir.Sub("a"), "--limit", "4");
        var second = CliRun.Of("cases", "notes", "--cases", dir.Sub("cases.csv"), "--kb", kb, "--out", dir.Sub("b"), "--limit", "4");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(4, Directory.GetFiles(dir.Sub("a"), "*.txt").Length);
        Assert.Equal(File.ReadAllText(dir.Sub("a/gold.jsonl")), File.ReadAllText(dir.Sub("b/gold.jsonl")));
        Assert.Equal(File.ReadAllText(dir.Sub("a/case-3.txt")), File.ReadAllText(dir.Sub("b/case-3.txt")));
    }

    [Theory]
    [InlineData("case,age,sex,disease\n1,30,F,Flu\n", "no column evidences")]
    [InlineData("case,age,sex,disease,evidences\n1,30,F,Malaria,\"['E_1']\"\n", "disease 'Malaria' is not in the knowledge base")]
    [InlineData("case,age,sex,disease,evidences\n1,30,F,Flu,\"['E_7']\"\n", "finding 'E_7' is not in the knowledge base")]
    public void Notes_BadCases_ExitTwoAndNoFolder(string csv, string message)
    {
        using var dir = new TempDir();
        var kb = Cases(dir);
        File.WriteAllText(dir.Sub("bad.csv"), csv);

        var run = CliRun.Of("cases", "notes", "--cases", dir.Sub("bad.csv"), "--kb", kb, "--out", dir.Sub("notes"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(dir.Sub("notes")));
    }

    [Fact]
    public void Notes_ExistingOutputWithoutForce_ExitTwoAndKeepsIt()
    {
        using var dir = new TempDir();
        var kb = Cases(dir);
        Directory.CreateDirectory(dir.Sub("notes"));
        File.WriteAllText(dir.Sub("notes/mine.txt"), "keep");

        var run = CliRun.Of("cases", "notes", "--cases", dir.Sub("cases.csv"), "--kb", kb, "--out", dir.Sub("notes"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--force", run.Error);
        Assert.Equal("keep", File.ReadAllText(dir.Sub("notes/mine.txt")));
    }
}
