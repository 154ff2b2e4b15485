using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class PolicySuggesterTests
{
    private const string Table =
        "PatientID,full_name,email,zip_code,DOB,age,sex,visit_date,note,glucose\n" +
        "A1,Ann Smith,ann@example.org,10025,1950-02-03,74,F,2098-01-02," +
        "Patient seen today with mild chest pain and no fever,5.1\n" +
        "A2,Bo Li,bo@example.org,03601,1931-07-08,93,M,2098-02-03," +
        "Came back for review of the new medication and dose,6.3\n";

    [Fact]
    public void Suggest_TypicalExport_ChoosesTreatmentsByNameAndContent()
    {
        // Given
        using var dir = new Cohorts.Folder();
        File.WriteAllText(dir["t.csv"], Table);

        // When
        var (columns, patient) = PolicySuggester.Suggest(dir["t.csv"]);

        // Then
        var chosen = columns.ToDictionary(c => c.Policy.Name, c => c.Policy.Describe());
        Assert.Equal("PatientID", patient);
        Assert.Equal("pseudonym", chosen["PatientID"]);
        Assert.Equal("drop", chosen["full_name"]);
        Assert.Equal("drop", chosen["email"]);
        Assert.Equal("zip3", chosen["zip_code"]);
        Assert.Equal("date (year)", chosen["DOB"]);
        Assert.Equal("age", chosen["age"]);
        Assert.Equal("date (year)", chosen["visit_date"]);
        Assert.Equal("text", chosen["note"]);
        Assert.Equal("keep", chosen["glucose"]);
        var qis = columns.Where(c => c.Policy.QuasiIdentifier).Select(c => c.Policy.Name);
        Assert.Equal(["zip_code", "DOB", "age", "sex", "visit_date"], qis);
    }

    [Fact]
    public void Write_Suggestion_ReadsBackAsTheSamePolicyWithCommentsButNoValues()
    {
        // Given
        using var dir = new Cohorts.Folder();
        File.WriteAllText(dir["t.csv"], Table);
        var (columns, patient) = PolicySuggester.Suggest(dir["t.csv"]);

        // When
        var yaml = PolicyYamlWriter.Write(dir["t.csv"], columns, patient);
        var read = TablePolicyReader.Parse(yaml, "suggested.yml");

        // Then
        Assert.Equal(columns.Select(c => c.Policy), read.Columns);
        Assert.Equal(patient, read.PatientColumn);
        Assert.Contains("# a ZIP code", yaml);
        foreach (var value in new[] { "Smith", "example.org", "10025", "1950", "chest" })
            Assert.DoesNotContain(value, yaml);
    }
}
