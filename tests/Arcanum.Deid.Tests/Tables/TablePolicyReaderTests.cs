using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class TablePolicyReaderTests
{
    [Fact]
    public void Parse_FullPolicy_ReadsTreatmentsDatesAndQuasiIdentifiers()
    {
        // Given / When
        var policy = TablePolicyReader.Parse(Cohorts.Policy, "policy.yml");

        // Then
        Assert.Equal("mrn", policy.PatientColumn);
        Assert.Equal(["zip", "age", "admitted", "sex"], policy.QuasiIdentifiers);
        Assert.Equal(DateTreatment.Shift, policy.Columns.Single(c => c.Name == "admitted").Date);
        Assert.True(policy.NeedsKey);
    }

    [Theory]
    [InlineData("columns:\n  a: hash\n", "line 2", "unknown treatment")]
    [InlineData("columns:\n  a: date\n", "line 2", "date: year")]
    [InlineData("columns:\n  a: { treatment: keep, quasi: true }\n", "line 2", "unknown key 'quasi'")]
    [InlineData("quasi_identifier: [a]\ncolumns:\n  a: keep\n", "line 1", "unknown key 'quasi_identifier'")]
    [InlineData("quasi_identifiers: [b]\ncolumns:\n  a: keep\n", "policy.yml", "'b'")]
    [InlineData("columns:\n  a: { treatment: date, date: shift }\n", "policy.yml", "patient: <column>")]
    [InlineData("columns:\n  a: keep\n  a: drop\n", "policy.yml", "not valid YAML")]
    [InlineData("patient: x\n", "policy.yml", "'columns:'")]
    [InlineData("columns:\n  a: keep\n  'a ': drop\n", "line 3", "column 'a' twice")]
    public void Parse_BadPolicy_ThrowsNamingFileAndWhere(string yaml, string where, string what)
    {
        // When
        var e = Assert.Throws<DeidInputException>(() => TablePolicyReader.Parse(yaml, "policy.yml"));

        // Then
        Assert.Contains("policy.yml", e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }
}
