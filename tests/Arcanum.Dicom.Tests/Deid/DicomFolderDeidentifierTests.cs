using System.Text.Json;
using Arcanum.Dicom.Deid;
using Arcanum.Dicom.Tests.Support;

namespace Arcanum.Dicom.Tests.Deid;

public sealed class DicomFolderDeidentifierTests
{
    private static readonly DeidOptions Options = new() { Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)] };

    [Fact]
    public void Run_NestedFolder_SameRelativePathsAndSummaryCounts()
    {
        // Given
        using var dir = new TempDir();
        var input = Study(dir, ("a/1.dcm", SampleStudy.Ct(true, 1)), ("a/b/2.dcm", SampleStudy.Ct(false, 2)));

        // When
        var summary = DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options);

        // Then
        Assert.Equal((2, 2), (summary.FilesDone, summary.FilesWritten));
        Assert.True(File.Exists(dir.Sub("safe/a/1.dcm")) && File.Exists(dir.Sub("safe/a/b/2.dcm")));
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Sub("safe/summary.json")));
        Assert.Equal(2, json.RootElement.GetProperty("filesDone").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("actions").GetProperty(DeidCounts.PrivateRemoved).GetInt64());
        Assert.DoesNotContain("DOE", File.ReadAllText(dir.Sub("safe/summary.json")));
        Assert.Empty(Directory.GetDirectories(dir.Path, ".safe*"));
    }

    [Fact]
    public void Run_OneFileIsNotDicom_ErrorNamesItAndNothingIsWritten()
    {
        using var dir = new TempDir();
        var input = Study(dir, ("1.dcm", SampleStudy.Ct(true, 1)), ("z/notes.txt", "just text"u8.ToArray()));

        var error = Assert.Throws<DicomFormatException>(() => DicomFolderDeidentifier.Run(input, dir.Sub("safe"),
            Options));

        Assert.Contains("notes.txt", error.Message);
        Assert.Equal(["study"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_BurnedInImage_FlaggedAndLeftOutUnlessAllowed()
    {
        using var dir = new TempDir();
        var input = Study(dir, ("1.dcm", SampleStudy.Ct(true, 1)), ("2.dcm", SampleStudy.Ct(true, 2, burnedIn: true)));

        var refused = DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options);
        var allowed = DicomFolderDeidentifier.Run(input, dir.Sub("all"), Options with { AllowBurnedIn = true });

        Assert.Equal(["2.dcm"], refused.FlaggedBurnedIn);
        Assert.Equal(1, refused.FilesWritten);
        Assert.False(File.Exists(dir.Sub("safe/2.dcm")));
        Assert.Equal(["2.dcm"], allowed.FlaggedBurnedIn);
        Assert.True(File.Exists(dir.Sub("all/2.dcm")));
    }

    [Fact]
    public void Run_ShortKey_RefusesAndSaysHowToMakeOne()
    {
        using var dir = new TempDir();
        var input = Study(dir, ("1.dcm", SampleStudy.Ct(true, 1)));

        var error = Assert.Throws<DicomException>(() => DicomFolderDeidentifier.Run(input, dir.Sub("safe"),
            new DeidOptions { Key = [1, 2, 3] }));

        Assert.Contains("head -c 32 /dev/urandom", error.Message);
        Assert.False(Directory.Exists(dir.Sub("safe")));
    }

    [Fact]
    public void Run_OutputNotEmpty_Refuses()
    {
        using var dir = new TempDir();
        var input = Study(dir, ("1.dcm", SampleStudy.Ct(true, 1)));
        Directory.CreateDirectory(dir.Sub("safe"));
        File.WriteAllText(dir.Sub("safe/keep.txt"), "mine");

        var error = Assert.Throws<DicomException>(() => DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options));

        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(dir.Sub("safe")).Select(Path.GetFileName));
    }

    private static string Study(TempDir dir, params (string Path, byte[] Bytes)[] files)
    {
        foreach (var (path, bytes) in files)
        {
            var full = dir.Sub(Path.Combine("study", path));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        return dir.Sub("study");
    }
}
