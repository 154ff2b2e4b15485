using Arcanum.Deid.Tables;
using Arcanum.Dicom.Deid;

namespace Arcanum.Cli.Tests;

/// <summary><c>deid table</c>: suggest then run, and the errors that must leave nothing written.</summary>
public sealed class DeidTableCommandTests
{
    private const string Cohort =
        "patient_id,surname,zip,dob,age,sex,admitted\n" +
        "P17,Quillfeather,03601,1930-05-06,94,F,2098-03-04\n" +
        "P17,Quillfeather,03601,1930-05-06,94,F,2098-03-20\n" +
        "P18,Yarrowby,10025,1970-01-02,54,M,2098-02-01\n";

    [Fact]
    public void Table_SuggestThenRun_WritesSafeTableReportAndSummaryWithoutValues()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("cohort.csv", Cohort);
        var key = Key(dir);

        // When
        var suggest = CliRun.Of("deid", "table", "--in", input, "--suggest", "--out", dir.Sub("policy.yml"));
        var run = CliRun.Of("deid", "table", "--in", input, "--policy", dir.Sub("policy.yml"), "--out",
            dir.Sub("safe.csv"), "--key-file", key);

        // Then
        Assert.True(suggest.ExitCode == 0, suggest.Error);
        Assert.True(run.ExitCode == 0, run.Error);
        var safe = File.ReadAllText(dir.Sub("safe.csv"));
        Assert.StartsWith("patient_id,zip,dob,age,sex,admitted\n", safe);
        // The 94-year-old's birth year tells an age over 89, so it goes into the one '<=YYYY' category too
        Assert.Matches(@",000,<=\d{4},90\+,F,2098", safe);
        Assert.DoesNotContain(",1930,", safe);
        var everything = safe + run.Output + suggest.Output + File.ReadAllText(dir.Sub("report.html"))
            + File.ReadAllText(dir.Sub("deid-summary.json")) + File.ReadAllText(dir.Sub("policy.yml"));
        foreach (var value in new[] { "P17", "Quillfeather", "03601", "1930-05-06", "2098-03-04" })
            Assert.DoesNotContain(value, everything);
        Assert.Contains("Risk before: k = 1", run.Output);
    }

    [Fact]
    public void Table_UnmentionedColumn_Exit2ListsItAndWritesNothing()
    {
        using var dir = new TempDir();
        var input = dir.File("cohort.csv", Cohort);
        var policy = dir.File("policy.yml", "columns:\n  patient_id: drop\n  zip: { treatment: zip3, qi: true }\n");

        var run = CliRun.Of("deid", "table", "--in", input, "--policy", policy, "--out", dir.Sub("safe.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'surname', 'dob', 'age', 'sex', 'admitted'", run.Error);
        Assert.Equal(["cohort.csv", "policy.yml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Table_PseudonymWithoutKeyFile_Exit2SaysHowToMakeOne()
    {
        using var dir = new TempDir();
        var input = dir.File("cohort.csv", Cohort);
        CliRun.Of("deid", "table", "--in", input, "--suggest", "--out", dir.Sub("policy.yml"));

        var run = CliRun.Of("deid", "table", "--in", input, "--policy", dir.Sub("policy.yml"), "--out",
            dir.Sub("safe.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--key-file", run.Error);
        Assert.Contains("head -c 32 /dev/urandom", run.Error);
        Assert.False(File.Exists(dir.Sub("safe.csv")));
    }

    [Fact]
    public void Table_TextColumn_IsRedactedByTheTextDeidentifier()
    {
        // Given
        using var dir = new TempDir();
        var input = dir.File("notes.csv",
            "pid,note\nA,Seen on 3/4/2098 by Dr. Hartwell; call 617-555-0123 with results\n");
        var policy = dir.File("policy.yml", "patient: pid\ncolumns:\n  pid: drop\n  note: text\n");

        // When
        var run = CliRun.Of("deid", "table", "--in", input, "--policy", policy, "--out", dir.Sub("safe.csv"));

        // Then
        Assert.Equal(0, run.ExitCode);
        var safe = File.ReadAllText(dir.Sub("safe.csv"));
        Assert.DoesNotContain("Hartwell", safe);
        Assert.DoesNotContain("3/4/2098", safe);
        Assert.DoesNotContain("555-0123", safe);
        Assert.Contains("[NAME]", safe);
        Assert.Contains("Seen on", safe);
    }

    [Fact]
    public void PatientDateShift_SameKeyAndPatient_MatchesTheDicomShift()
    {
        // Given one key and a patient id used in both a table and DICOM
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        // When / Then: the patient's dates move by the same days in both releases, whatever the case or padding
        // (pseudonyms treat " pat-0042" and "PAT-0042" as one patient, so shifts must too)
        Assert.Equal(DateShifter.OffsetDays(key, "PAT-0042"), PatientDateShift.OffsetDays(key, "PAT-0042"));
        Assert.Equal(PatientDateShift.OffsetDays(key, "PAT-0042"), PatientDateShift.OffsetDays(key, " pat-0042"));
        Assert.NotEqual(PatientDateShift.OffsetDays(key, "PAT-0042"), PatientDateShift.OffsetDays(key, "PAT-042"));
    }

    private static string Key(TempDir dir)
    {
        var path = dir.Sub("project.key");
        File.WriteAllBytes(path, Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1)).ToArray());
        return path;
    }
}
