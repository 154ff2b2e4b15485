using Arcanum.Core.IO;

namespace Arcanum.Core.Tests.IO;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arcanum-output-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name, params string[] files)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        foreach (var f in files) File.WriteAllText(Path.Combine(path, f), "old " + f);
        return path;
    }

    [Fact]
    public void Write_NewFolder_HoldsExactlyWhatWasWrittenAndNoStagingIsLeft()
    {
        var target = Path.Combine(_root, "deep", "out");

        var count = OutputFolder.Write(target + "/", staging =>
        {
            File.WriteAllText(Path.Combine(staging, "a.json"), "{}");
            return 1;
        });

        Assert.Equal(1, count);
        Assert.Equal(["a.json"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(Path.Combine(_root, "deep")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_FailsPartWay_OldContentStaysWholeAndNothingElseRemains()
    {
        var target = Folder("out", "model.json", "weights.bin");

        Assert.Throws<InvalidOperationException>(() => OutputFolder.Write(target, staging =>
        {
            File.WriteAllText(Path.Combine(staging, "model.json"), "new");
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal(["model.json", "weights.bin"], Directory.GetFiles(target).Select(Path.GetFileName).Order());
        Assert.Equal("old model.json", File.ReadAllText(Path.Combine(target, "model.json")));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_OverAnEarlierOutput_ReplacesItWhole()
    {
        var target = Folder("out", "model.json", "stale.bin");

        OutputFolder.Write(target, staging => File.WriteAllText(Path.Combine(staging, "model.json"), "new"));

        Assert.Equal(["model.json"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "model.json")));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_FailsPartWay_LeavesNothing()
    {
        var target = Path.Combine(_root, "download");

        await Assert.ThrowsAsync<InvalidDataException>(() => OutputFolder.WriteAsync<int>(target, async staging =>
        {
            await File.WriteAllTextAsync(Path.Combine(staging, "part"), "x");
            throw new InvalidDataException("damaged");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void EnsureEmpty_EmptyOrMissingFolder_IsAccepted_NonEmptyOrFile_IsRefused()
    {
        OutputFolder.EnsureEmpty(Path.Combine(_root, "missing"));
        OutputFolder.EnsureEmpty(Folder("empty"));

        var full = Assert.Throws<IOException>(() => OutputFolder.EnsureEmpty(Folder("full", "x")));
        Assert.Contains("is not empty; choose a new folder", full.Message);
        File.WriteAllText(Path.Combine(_root, "file"), "");
        Assert.Contains("is a file", Assert.Throws<IOException>(() => OutputFolder.EnsureEmpty(Path.Combine(_root, "file"))).Message);
    }

    [Fact]
    public void EnsureReplaceable_ForceReplacesOnlyFoldersHoldingTheMarker()
    {
        var ours = Folder("ours", "model.json");
        var theirs = Folder("theirs", "thesis.docx");

        Assert.Contains("--force", Assert.Throws<IOException>(() => OutputFolder.EnsureReplaceable(ours, force: false, "model.json")).Message);
        OutputFolder.EnsureReplaceable(ours, force: true, "model.json");
        var refused = Assert.Throws<IOException>(() => OutputFolder.EnsureReplaceable(theirs, force: true, "model.json"));
        Assert.Contains("holds no model.json", refused.Message);
        OutputFolder.EnsureReplaceable(theirs, force: true);
    }
}
