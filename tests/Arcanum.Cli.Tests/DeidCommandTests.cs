using System.Text.Json;
using Arcanum.Dicom;

namespace Arcanum.Cli.Tests;

/// <summary><c>deid dicom</c> on pydicom's sample files, and the errors a user meets first.</summary>
public sealed class DeidCommandTests
{
    [Fact]
    public void Dicom_SampleStudy_WritesSafeCopiesAndSummaryWithoutPrintingValues()
    {
        // Given
        using var dir = new TempDir();
        var input = Study(dir);
        var key = Key(dir);
        var name = DicomReader.Read(Path.Combine(input, "CT_small.dcm")).Dataset.GetAscii(DicomTag.PatientName)!;

        // When
        var run = CliRun.Of("deid", "dicom", "--in", input, "--out", dir.Sub("safe"), "--key-file", key);

        // Then: two files named by their new UIDs, no name left
        Assert.True(run.ExitCode == 0, run.Error);
        var written = Directory.GetFiles(dir.Sub("safe"), "*.dcm", SearchOption.AllDirectories);
        Assert.Equal(2, written.Length);
        Assert.All(written, f => Assert.StartsWith("2.25.", Path.GetFileName(f), StringComparison.Ordinal));
        Assert.All(written, f => Assert.Equal(0, DicomReader.Read(f).Dataset[DicomTag.PatientName]!.Value.Length));
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.Sub("safe/summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("filesWritten").GetInt32());
        Assert.DoesNotContain(name, run.Output + run.Error);
        Assert.Contains("De-identified 2 file(s)", run.Output);
    }

    [Fact]
    public void Dicom_MissingKeyFile_Exit2SaysHowToMakeOneAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = Study(dir);

        var run = CliRun.Of("deid", "dicom", "--in", input, "--out", dir.Sub("safe"), "--key-file",
            dir.Sub("none.key"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
        Assert.Contains("head -c 32 /dev/urandom > project.key", run.Error);
        Assert.False(Directory.Exists(dir.Sub("safe")));
    }

    [Fact]
    public void Dicom_NonDicomFile_Exit2NamesTheFileAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = Study(dir);
        File.WriteAllText(Path.Combine(input, "mr", "readme.txt"), "not an image");

        var run = CliRun.Of("deid", "dicom", "--in", input, "--out", dir.Sub("safe"), "--key-file", Key(dir),
            "--dates", "remove");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("readme.txt", run.Error);
        Assert.Contains("not a DICOM Part 10 file", run.Error);
        Assert.Equal(["key", "study"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    private static string Study(TempDir dir)
    {
        var input = dir.Sub("study");
        Directory.CreateDirectory(Path.Combine(input, "mr"));
        var samples = Path.Combine(AppContext.BaseDirectory, "dicom");
        File.Copy(Path.Combine(samples, "CT_small.dcm"), Path.Combine(input, "CT_small.dcm"));
        File.Copy(Path.Combine(samples, "MR_small.dcm"), Path.Combine(input, "mr", "MR_small.dcm"));
        return input;
    }

    private static string Key(TempDir dir)
    {
        var path = dir.Sub("key");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 3))]);
        return path;
    }
}
