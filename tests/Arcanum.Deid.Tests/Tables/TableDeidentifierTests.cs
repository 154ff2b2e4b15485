using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class TableDeidentifierTests
{
    [Fact]
    public void Run_VisitsPolicy_AppliesEveryTreatmentAndPrintsNoValue()
    {
        // Given
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path);

        // When
        var result = Deidentifier(policy).Run(table, dir["safe.csv"]);

        // Then
        var lines = File.ReadAllLines(dir["safe.csv"]);
        Assert.Equal("mrn,zip,age,admitted,sex", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["000", "000", "100", "100"], rows.Select(r => r[1]));
        Assert.Equal(["90+", "90+", "45", "45"], rows.Select(r => r[2]));
        Assert.Equal(Pseudonyms.Of(Cohorts.Key, "MRN001"), rows[0][0]);
        var written = string.Join("\n", lines) + File.ReadAllText(dir["report.html"])
            + File.ReadAllText(dir["deid-summary.json"]);
        foreach (var value in new[] { "MRN001", "Zebrowski", "03601", "10025", "2098-03-04", "Quill" })
            Assert.DoesNotContain(value, written);
        Assert.Equal(4, result.Records);
        Assert.Equal("2 in restricted ZIP3 areas became 000", result.Columns.Single(c => c.Column == "zip").Detail);
        Assert.Equal(4, result.Columns.Single(c => c.Column == "name").Changed);
    }

    [Fact]
    public void Run_ShiftedDates_KeepIntervalsWithinEachPatient()
    {
        // Given
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path);

        // When
        Deidentifier(policy).Run(table, dir["safe.csv"]);

        // Then both patients' visits are still 10 days apart, and no date kept its true value
        var dates = File.ReadAllLines(dir["safe.csv"]).Skip(1).Select(l => DateOnly.Parse(l.Split(',')[3])).ToArray();
        Assert.Equal(10, dates[1].DayNumber - dates[0].DayNumber);
        Assert.Equal(10, dates[3].DayNumber - dates[2].DayNumber);
        Assert.True(dates[0] <= new DateOnly(2098, 3, 4).AddDays(-PatientDateShift.MinDaysBack));
    }

    [Fact]
    public void Run_ColumnNotInPolicy_RefusesNamingItAndWritesNothing()
    {
        // Given a policy that forgets 'note'
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, policy: Cohorts.Policy.Replace("  note: drop\n", ""));

        // When
        var e = Assert.Throws<DeidInputException>(() => Deidentifier(policy).Run(table, dir["safe.csv"]));

        // Then
        Assert.Contains("'note'", e.Message);
        Assert.Equal(["cohort.csv", "policy.yml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Run_PolicyNamesMissingColumn_NamesPolicyFileAndColumn()
    {
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, policy: Cohorts.Policy + "  ssn: drop\n");

        var e = Assert.Throws<DeidInputException>(() => Deidentifier(policy).Run(table, dir["safe.csv"]));

        Assert.Contains("policy.yml", e.Message);
        Assert.Contains("'ssn'", e.Message);
        Assert.False(File.Exists(dir["safe.csv"]));
    }

    [Fact]
    public void Run_BadZipOnLine3_NamesLineAndColumnNotValueAndWritesNothing()
    {
        // Given a ZIP with a lost leading zero on line 3
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, Cohorts.Visits.Replace(
            "03601,91,2098-03-14", "3601,91,2098-03-14"));

        // When
        var e = Assert.Throws<DeidInputException>(() => Deidentifier(policy).Run(table, dir["safe.csv"]));

        // Then
        Assert.Contains("line 3", e.Message);
        Assert.Contains("'zip'", e.Message);
        Assert.DoesNotContain("3601", e.Message);
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void Run_BirthYearOfSomeoneOver89_IsNotKept()
    {
        // Given: in mid-2025, one patient born 1930 (over 89) and one born 1980
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, "id,dob\nA,1930-05-01\nB,1980-02-02\n",
            "columns:\n  id: drop\n  dob: { treatment: date, date: year, qi: true }\n");
        var time = new FixedTime(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

        // When
        var result = new TableDeidentifier(TablePolicyReader.Read(policy), null, null, time).Run(table, dir["safe.csv"]);

        // Then: Safe Harbor (C) removes the year too when it tells an age over 89
        Assert.Equal(["dob", "<=1935", "1980"], File.ReadAllLines(dir["safe.csv"]));
        Assert.Contains("1 year(s) 90 or more years back became <=1935", result.Columns.Single(c => c.Column == "dob").Detail);
    }

    [Theory]
    [InlineData("report.html")]
    [InlineData("deid-summary.json")]
    public void Run_InputWhereTheReportGoes_RefusesAndLeavesTheInput(string inputName)
    {
        // Given: the input sits where the report or summary would be written
        using var dir = new Cohorts.Folder();
        var (_, policy) = Cohorts.Write(dir.Path);
        File.WriteAllText(dir[inputName], Cohorts.Visits);

        // When
        var e = Assert.Throws<DeidInputException>(() => Deidentifier(policy).Run(dir[inputName], dir["safe.csv"]));

        // Then
        Assert.Contains("input", e.Message);
        Assert.Equal(Cohorts.Visits, File.ReadAllText(dir[inputName]));
    }

    [Fact]
    public void Run_HeaderlessFileWithARepeatedValue_ErrorGivesPositionsNotTheValue()
    {
        // Given: no header, so line 1 is a patient's record holding the same date twice
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, "MRN001,2098-03-04,2098-03-04\n", Cohorts.Policy);

        // When
        var e = Assert.Throws<DeidInputException>(() => Deidentifier(policy).Run(table, dir["safe.csv"]));

        // Then
        Assert.Contains("columns 2 and 3", e.Message);
        Assert.DoesNotContain("2098", e.Message);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void New_PseudonymWithoutKey_SaysKeyIsNeededAndHowToMakeOne()
    {
        using var dir = new Cohorts.Folder();
        var (_, policy) = Cohorts.Write(dir.Path);

        var e = Assert.Throws<DeidInputException>(() =>
            new TableDeidentifier(TablePolicyReader.Read(policy), null, null));

        Assert.Contains("'mrn', 'admitted'", e.Message);
        Assert.Contains(ProjectKey.HowToMake, e.Message);
    }

    [Fact]
    public void Run_TextColumn_GoesThroughTheFreeTextDeidentifierPerPatient()
    {
        // Given a fake that tags each note with its patient
        using var dir = new Cohorts.Folder();
        var (table, policy) = Cohorts.Write(dir.Path, policy: Cohorts.Policy.Replace("note: drop", "note: text"));
        var fake = new TaggingFake();

        // When
        var result = new TableDeidentifier(TablePolicyReader.Read(policy), Cohorts.Key, fake)
            .Run(table, dir["safe.csv"]);

        // Then: three notes (one is empty) went through, each with its own patient
        Assert.Equal(["MRN001", "MRN001", "MRN002"], fake.Patients);
        Assert.Equal(3, result.Columns.Single(c => c.Column == "note").Changed);
        Assert.DoesNotContain("Quill", File.ReadAllText(dir["safe.csv"]));
    }

    [Fact]
    public void Run_NoQuasiIdentifiers_ReportSaysRiskWasNotMeasuredAndWhy()
    {
        using var dir = new Cohorts.Folder();
        var policy = Cohorts.Policy.Replace("quasi_identifiers: [sex]\n", "").Replace(", qi: true", "");
        var (table, path) = Cohorts.Write(dir.Path, policy: policy);

        var result = Deidentifier(path).Run(table, dir["safe.csv"]);

        Assert.Null(result.RiskAfter);
        var html = File.ReadAllText(dir["report.html"]);
        Assert.Contains("Re-identification risk was not measured", html);
        Assert.Contains("marked as a quasi-identifier", html);
    }

    [Fact]
    public void Run_QuasiIdentifiersGeneralised_RiskAfterIsLowerThanBefore()
    {
        using var dir = new Cohorts.Folder();
        var policy = Cohorts.Policy.Replace("admitted: { treatment: date, date: shift, qi: true }",
            "admitted: { treatment: date, date: year, qi: true }");
        var (table, path) = Cohorts.Write(dir.Path, policy: policy);

        var result = Deidentifier(path).Run(table, dir["safe.csv"]);

        // Before: four distinct (zip, age, date, sex) rows; after: two classes of two (year, ZIP3, 90+ shared)
        Assert.Equal(1, result.RiskBefore!.K);
        Assert.Equal(2, result.RiskAfter!.K);
        Assert.Contains("Re-identification risk before and after", File.ReadAllText(dir["report.html"]));
    }

    private static TableDeidentifier Deidentifier(string policy) =>
        new(TablePolicyReader.Read(policy), Cohorts.Key, null);

    private sealed class TaggingFake : IFreeTextDeidentifier
    {
        public List<string> Patients { get; } = [];

        public string Deidentify(string text, string patient)
        {
            Patients.Add(patient);
            return $"[note {Patients.Count}]";
        }
    }
}
