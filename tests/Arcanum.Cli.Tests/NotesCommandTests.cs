using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary><c>notes fit</c> and <c>notes sample</c> end to end on a few notes written here, and the errors met first.</summary>
public sealed class NotesCommandTests
{
    private static void WriteNotes(TempDir dir)
    {
        Directory.CreateDirectory(dir.Sub("notes"));
        File.WriteAllText(dir.Sub("notes/sections.csv"), "id,section_header,section_text\n"
            + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i},PLAN,\"Continue metformin {i % 4 + 1}0 mg daily.\"")) + "\n");
    }

    [Fact]
    public void Fit_ThenSample_WritesAModelAndOneFilePerNoteStartingWithThePrompt()
    {
        using var dir = new TempDir();
        WriteNotes(dir);

        var fit = CliRun.Of("notes", "fit", "--data", dir.Sub("notes"), "--out", dir.Sub("model"), "--steps", "20", "--width", "16",
            "--layers", "1", "--heads", "2", "--context", "16", "--batch-size", "4", "--threads", "1");
        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("held-out bits/byte", fit.Output);
        Assert.True(File.Exists(dir.Sub("model/notes-model.json")));

        var sample = CliRun.Of("notes", "sample", "--model", dir.Sub("model"), "--prompt", "PLAN: Continue", "-n", "3", "--max-bytes", "30", "--out", dir.Sub("generated"),
            "--compare-with", dir.Sub("notes"));
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Contains("Copied from the training notes:", sample.Output);
        var files = Directory.GetFiles(dir.Sub("generated")).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["note-0001.txt", "note-0002.txt", "note-0003.txt"], files);
        Assert.All(files, f => Assert.StartsWith("PLAN: Continue", File.ReadAllText(dir.Sub("generated/" + f))));
    }

    [Fact]
    public void Fit_WithAnEpsilon_PrintsAndSavesThePrivacySpent_AndRefusesABadDelta()
    {
        using var dir = new TempDir();
        WriteNotes(dir);
        string[] tiny = ["--steps", "10", "--width", "16", "--layers", "1", "--heads", "2", "--context", "16", "--batch-size", "4", "--threads", "1"];

        var fit = CliRun.Of(["notes", "fit", "--data", dir.Sub("notes"), "--out", dir.Sub("model"), "--epsilon", "2", .. tiny]);
        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("Privacy spent: epsilon", fit.Output);
        Assert.Contains("Unit: one training note", fit.Output);
        using var card = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Sub("model/notes-model.json")));
        var privacy = card.RootElement.GetProperty("privacy");
        Assert.InRange(privacy.GetProperty("epsilon").GetDouble(), 1.5, 2.0);
        Assert.Equal(10, privacy.GetProperty("steps").GetInt64());

        // 27 training notes: a delta of 0.1 would let whole notes out.
        var bad = CliRun.Of(["notes", "fit", "--data", dir.Sub("notes"), "--out", dir.Sub("other"), "--epsilon", "2", "--delta", "0.1", .. tiny]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is not below 1/notes", bad.Error);
        Assert.False(Directory.Exists(dir.Sub("other")));
        var orphan = CliRun.Of(["notes", "fit", "--data", dir.Sub("notes"), "--out", dir.Sub("other"), "--delta", "1e-6", .. tiny]);
        Assert.Equal(2, orphan.ExitCode);
        Assert.Contains("need --epsilon", orphan.Error);
    }

    [Fact]
    public void Fit_Federated_TrainsAcrossSiteFolders_AndReportsEachSitesHeldOutNotes()
    {
        using var dir = new TempDir();
        foreach (var (site, text) in new[] { ("north", "Continue metformin"), ("south", "Start lisinopril") })
        {
            Directory.CreateDirectory(dir.Sub($"sites/{site}"));
            File.WriteAllText(dir.Sub($"sites/{site}/notes.csv"), "id,note\n"
                + string.Join("\n", Enumerable.Range(0, 20).Select(i => $"{i},\"{text} {i % 4 + 1}0 mg daily.\"")) + "\n");
        }
        string[] tiny = ["--width", "16", "--layers", "1", "--heads", "2", "--context", "16", "--batch-size", "4", "--threads", "1"];

        var fit = CliRun.Of(["notes", "fit", "--data", dir.Sub("sites"), "--out", dir.Sub("model"), "--federated", "--rounds", "2", "--local-steps", "5", .. tiny]);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("site north: 20 notes", fit.Output);
        Assert.Contains("round 2/2: held-out bits/byte", fit.Output);
        Assert.Contains("site south: 18 training notes, 2 held out", fit.Output);
        using var card = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Sub("model/notes-model.json")));
        var federation = card.RootElement.GetProperty("federation");
        Assert.Equal("fedavg", federation.GetProperty("algorithm").GetString());
        Assert.Equal(2, federation.GetProperty("sites").GetArrayLength());
        Assert.Equal(10, card.RootElement.GetProperty("steps").GetInt32());
        var sample = CliRun.Of("notes", "sample", "--model", dir.Sub("model"), "--prompt", "Start", "-n", "2", "--max-bytes", "10", "--out", dir.Sub("generated"));
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Equal(2, Directory.GetFiles(dir.Sub("generated")).Length);

        // Notes outside any site's folder, and federated options without --federated, are refused before anything is written.
        File.WriteAllText(dir.Sub("sites/stray.txt"), "a note of no site");
        var stray = CliRun.Of(["notes", "fit", "--data", dir.Sub("sites"), "--out", dir.Sub("other"), "--federated", .. tiny]);
        Assert.Equal(2, stray.ExitCode);
        Assert.Contains("belong to no site", stray.Error);
        var orphan = CliRun.Of(["notes", "fit", "--data", dir.Sub("sites/north"), "--out", dir.Sub("other"), "--rounds", "3", .. tiny]);
        Assert.Equal(2, orphan.ExitCode);
        Assert.Contains("need --federated", orphan.Error);
        Assert.False(Directory.Exists(dir.Sub("other")));
    }

    [Fact]
    public void Fit_FolderWithoutNotes_ExitsTwoAndWritesNothing()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("empty"));

        var run = CliRun.Of("notes", "fit", "--data", dir.Sub("empty"), "--out", dir.Sub("model"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds no .txt or .csv file of notes", run.Error);
        Assert.False(Directory.Exists(dir.Sub("model")));
    }

    [Fact]
    public void Sample_FolderThatIsNotAModel_ExitsTwo()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("nothing"));

        var run = CliRun.Of("notes", "sample", "--model", dir.Sub("nothing"), "--out", dir.Sub("generated"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a note-generator folder", run.Error);
        Assert.False(Directory.Exists(dir.Sub("generated")));
    }
}
