using Arcanum.Deid;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary><c>deid train</c> then <c>deid text --model</c> on notes written here, and the errors met first.</summary>
public sealed class DeidTrainCommandTests
{
    private static readonly string[] Places = ["Harbor View", "Mercy West", "Maple Grove", "River Bend", "Cedar Ridge", "Oak Park", "Pine Valley", "Lake Shore"];

    /// <summary>Labelled notes in notes/ and their gold spans in gold.jsonl.</summary>
    private static void WriteLabelled(TempDir dir)
    {
        Directory.CreateDirectory(dir.Sub("notes"));
        using var gold = new StreamWriter(dir.Sub("gold.jsonl"));
        var n = 0;
        foreach (var place in Places)
            foreach (var pattern in new[] { "Seen in the ED. Transferred to {0} ED for CT.", "Walked to the Clinic. Follow up at {0} Clinic." })
            {
                var name = $"n{n++:00}.txt";
                var text = string.Format(pattern, place);
                File.WriteAllText(dir.Sub("notes/" + name), text);
                var start = text.IndexOf(place, StringComparison.Ordinal);
                SpansJsonl.Write(gold, new SpanRecord(name, start, start + place.Length, PhiType.Location));
            }
    }

    [Fact]
    public void Train_ThenTextWithModel_FindsAPlaceTheRulesAloneMiss()
    {
        // Given a model trained on the labelled notes
        using var dir = new TempDir();
        WriteLabelled(dir);
        var train = CliRun.Of("deid", "train", "--in", dir.Sub("notes"), "--gold", dir.Sub("gold.jsonl"), "--out", dir.Sub("model"));
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("epoch 8/8", train.Output);
        Assert.True(File.Exists(dir.Sub("model/tagger.bin")));

        // When a new note is de-identified with and without it
        Directory.CreateDirectory(dir.Sub("new"));
        File.WriteAllText(dir.Sub("new/a.txt"), "Transferred to Silver Lake ED for CT.");
        var rules = CliRun.Of("deid", "text", "--in", dir.Sub("new"), "--out", dir.Sub("rules"));
        var learned = CliRun.Of("deid", "text", "--in", dir.Sub("new"), "--out", dir.Sub("learned"), "--model", dir.Sub("model"));

        // Then only the run with the model redacts the place
        Assert.True(rules.ExitCode == 0 && learned.ExitCode == 0, rules.Error + learned.Error);
        Assert.Contains("Silver Lake", File.ReadAllText(dir.Sub("rules/a.txt")));
        Assert.Equal("Transferred to [LOCATION] ED for CT.", File.ReadAllText(dir.Sub("learned/a.txt")));
    }

    [Theory]
    [InlineData("{\"file\":\"ward/n00.txt\",\"start\":0,\"end\":4,\"type\":\"NAME\"}", "not among the notes")]
    [InlineData("{\"file\":\"n00.txt\",\"start\":5,\"end\":900,\"type\":\"NAME\"}", "beyond the note's")]
    public void Train_GoldThatDoesNotFitTheNotes_ExitsTwoAndWritesNothing(string goldLine, string message)
    {
        using var dir = new TempDir();
        WriteLabelled(dir);
        File.AppendAllText(dir.Sub("gold.jsonl"), goldLine + "\n");

        var run = CliRun.Of("deid", "train", "--in", dir.Sub("notes"), "--gold", dir.Sub("gold.jsonl"), "--out", dir.Sub("model"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(dir.Sub("model")));
    }

    [Fact]
    public void Text_ModelFolderThatIsNotAModel_ExitsTwo()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("notes"));
        File.WriteAllText(dir.Sub("notes/a.txt"), "Nothing here.");
        Directory.CreateDirectory(dir.Sub("empty"));

        var run = CliRun.Of("deid", "text", "--in", dir.Sub("notes"), "--out", dir.Sub("safe"), "--model", dir.Sub("empty"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a tagger model folder", run.Error);
        Assert.False(Directory.Exists(dir.Sub("safe")));
    }
}
