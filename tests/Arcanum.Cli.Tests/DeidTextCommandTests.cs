using System.Text.Json;
using Arcanum.Deid;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary><c>deid text</c> on small hand-written notes: outputs, span offsets, and the errors met first.</summary>
public sealed class DeidTextCommandTests
{
    private const string Note = "Dr. Okonkwo saw Mrs. Kowalczyk on 3/4/2098; call 617-555-0199.";

    [Fact]
    public void Text_Folder_WritesRedactedNotesSpansIntoTheOriginalAndSummary()
    {
        // Given
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("notes/ward"));
        File.WriteAllText(dir.Sub("notes/ward/a.txt"), Note);

        // When
        var run = CliRun.Of("deid", "text", "--in", dir.Sub("notes"), "--out", dir.Sub("safe"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("Dr. [NAME] saw Mrs. [NAME] on [DATE]; call [PHONE].", File.ReadAllText(dir.Sub("safe/ward/a.txt")));
        var spans = SpansJsonl.Read(dir.Sub("safe/spans.jsonl")).ToList();
        Assert.All(spans, s => Assert.Equal("ward/a.txt", s.File));
        Assert.Equal(["Okonkwo", "Kowalczyk", "3/4/2098", "617-555-0199"], spans.Select(s => Note[s.Start..s.End]));
        Assert.DoesNotContain("Okonkwo", File.ReadAllText(dir.Sub("safe/spans.jsonl")) + run.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.Sub("safe/summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("notes").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("counts").GetProperty("NAME").GetInt32());
        Assert.Equal("redact", summary.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public void Text_Jsonl_WritesTheIdAndTheDeidentifiedTextOnly()
    {
        // Given: rows with other fields, one of them a name
        using var dir = new TempDir();
        var input = dir.File("notes.jsonl",
            "{\"note_id\":7,\"body\":\"Seen by Dr. Okonkwo.\",\"patient_name\":\"Jane Roe\",\"ward\":\"B\"}\n");

        // When
        var run = CliRun.Of("deid", "text", "--in", input, "--out", dir.Sub("safe"), "--id-field", "note_id",
            "--text-field", "body");

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        var line = File.ReadAllLines(dir.Sub("safe/notes.jsonl")).Single();
        using var row = JsonDocument.Parse(line);
        Assert.Equal("Seen by Dr. [NAME].", row.RootElement.GetProperty("body").GetString());
        Assert.Equal(["note_id", "body"], row.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("Jane", line);
        Assert.Equal("7", SpansJsonl.Read(dir.Sub("safe/spans.jsonl")).Single().File);
    }

    [Fact]
    public void Text_JsonlWithARepeatedId_Exit2NamesTheLinesAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = dir.File("notes.jsonl", "{\"id\":\"MRN123\",\"text\":\"one\"}\n{\"id\":\"MRN123\",\"text\":\"two\"}\n");

        var run = CliRun.Of("deid", "text", "--in", input, "--out", dir.Sub("safe"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2 repeats the id of line 1", run.Error);
        Assert.DoesNotContain("MRN123", run.Error);
        Assert.False(Directory.Exists(dir.Sub("safe")));
    }

    [Fact]
    public void Text_Surrogate_ReplacesWithStandInsAndShiftsDates()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("a.txt", Note);
        File.WriteAllBytes(dir.Sub("project.key"), Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

        // When
        var run = CliRun.Of("deid", "text", "--in", input, "--out", dir.Sub("safe"), "--mode", "surrogate",
            "--key-file", dir.Sub("project.key"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        var text = File.ReadAllText(dir.Sub("safe/a.txt"));
        Assert.DoesNotContain("Okonkwo", text);
        Assert.DoesNotContain("3/4/2098", text);
        Assert.Matches(@"^Dr\. \S+ saw Mrs\. \S+ on \d{1,2}/\d{1,2}/\d{4}; call \d{3}-\d{3}-\d{4}\.$", text);
    }

    [Fact]
    public void Text_SurrogateWithoutKey_Exit2SaysHowAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = dir.File("a.txt", Note);

        var run = CliRun.Of("deid", "text", "--in", input, "--out", dir.Sub("safe"), "--mode", "surrogate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--key-file", run.Error);
        Assert.False(Directory.Exists(dir.Sub("safe")));
    }

    [Theory]
    [InlineData(new byte[] { 0x48, 0x69, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x48, 0x69, 0xC3, 0x28 })]
    public void Text_BinaryNote_Exit2NamesTheFileAndWritesNothing(byte[] bytes)
    {
        // Given
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("notes"));
        File.WriteAllText(dir.Sub("notes/a.txt"), Note);
        File.WriteAllBytes(dir.Sub("notes/z.txt"), bytes);

        // When
        var run = CliRun.Of("deid", "text", "--in", dir.Sub("notes"), "--out", dir.Sub("safe"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("z.txt", run.Error);
        Assert.DoesNotContain("Okonkwo", run.Error);
        Assert.Equal(["notes"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }
}
