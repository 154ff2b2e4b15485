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
