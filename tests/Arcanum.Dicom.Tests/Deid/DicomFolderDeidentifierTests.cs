using System.Text.Json;
using Arcanum.Dicom.Deid;
using Arcanum.Dicom.Tests.Support;

namespace Arcanum.Dicom.Tests.Deid;

public sealed class DicomFolderDeidentifierTests
{
    private static readonly DeidOptions Options = new() { Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)] };

    [Fact]
    public void Run_KeepPaths_SameRelativePathsAndSummaryCounts()
    {
        // Given
        using var dir = new TempDir();
        var input = Study(dir, ("a/1.dcm", SampleStudy.Ct(true, 1)), ("a/b/2.dcm", SampleStudy.Ct(false, 2)));

        // When
        var summary = DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options with { KeepPaths = true });

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
    public void Run_PatientNamedPaths_FilesAreNamedByTheirNewUidsOnly()
    {
        // Given: folders named after the patient, as exports often are
        using var dir = new TempDir();
        var input = Study(dir, ("DOE^JANE_MRN123/ct/1.dcm", SampleStudy.Ct(true, 1)),
            ("DOE^JANE_MRN123/ct/2.dcm", SampleStudy.Ct(true, 2, burnedIn: true)));

        // When
        var summary = DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options with { AllowBurnedIn = true });

        // Then: STUDY/SERIES/INSTANCE.dcm from the replaced UIDs, nothing of the input's names anywhere in the output
        var written = Directory.GetFiles(dir.Sub("safe"), "*.dcm", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir.Sub("safe"), f)).Order().ToList();
        Assert.Equal(2, written.Count);
        foreach (var path in written)
        {
            var dataset = DicomReader.Read(dir.Sub(Path.Combine("safe", path))).Dataset;
            var expected = Path.Combine(dataset.GetAscii(DicomTag.StudyInstanceUid)!.TrimEnd('\0'),
                dataset.GetAscii(DicomTag.SeriesInstanceUid)!.TrimEnd('\0'), dataset.GetAscii(DicomTag.SopInstanceUid)!.TrimEnd('\0') + ".dcm");
            Assert.Equal(expected, path);
            Assert.StartsWith("2.25.", path, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("DOE", File.ReadAllText(dir.Sub("safe/summary.json")));
        Assert.Equal(["DOE^JANE_MRN123/ct/2.dcm"], summary.FlaggedInputs.Select(p => p.Replace('\\', '/')));
        Assert.StartsWith("2.25.", Assert.Single(summary.FlaggedBurnedIn), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TwoCopiesOfOneInstance_RefusesNamingBothAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = Study(dir, ("a.dcm", SampleStudy.Ct(true, 1)), ("copy/a.dcm", SampleStudy.Ct(true, 1)));

        var error = Assert.Throws<DicomException>(() => DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options));

        Assert.Contains("same instance", error.Message);
        Assert.Contains("a.dcm", error.Message);
        Assert.False(Directory.Exists(dir.Sub("safe")));
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

        var refused = DicomFolderDeidentifier.Run(input, dir.Sub("safe"), Options with { KeepPaths = true });
        var allowed = DicomFolderDeidentifier.Run(input, dir.Sub("all"), Options with { AllowBurnedIn = true, KeepPaths = true });

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
