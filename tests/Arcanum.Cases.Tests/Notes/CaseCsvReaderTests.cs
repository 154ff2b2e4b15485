using Arcanum.Cases.Notes;
using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Notes;

public sealed class CaseCsvReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cases_SimulatedCsv_ReadsBackWhatWasWritten(bool oneHot)
    {
        // Given
        using var dir = new TempDir();
        var kb = new CompiledKnowledgeBase(TinyKb.Create());
        var batch = new CaseSimulator(kb).Simulate(200, seed: 3);
        CaseCsvWriter.Write(kb, batch, dir.Sub("cases.csv"), oneHot);

        // When
        using var reader = CaseCsvReader.Open(dir.Sub("cases.csv"));
        var cases = reader.Cases().ToList();

        // Then
        Assert.Equal(200, cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cases[i].Id);
            Assert.Equal(batch.Age[i], cases[i].Age);
            Assert.Equal(batch.Sex[i] == 0 ? "F" : "M", cases[i].Sex);
            Assert.Equal(kb.Diseases[batch.Disease[i]].Name, cases[i].Disease);
            Assert.Equal(batch.ColumnsOf(i).ToArray().Select(c => kb.Columns[c]), cases[i].Evidences);
        }
    }

    [Fact]
    public void Open_MissingColumns_NamesThem()
    {
        using var dir = new TempDir();
        var path = dir.File("cases.csv", "case,age,disease\n1,30,Flu\n");

        var e = Assert.Throws<CasesException>(() => CaseCsvReader.Open(path));

        Assert.Contains("no column sex, evidences", e.Message);
    }

    [Theory]
    [InlineData("1,thirty,F,Flu,\"['fever']\"", "row 1: age")]
    [InlineData("1,30,X,Flu,\"['fever']\"", "row 1: sex")]
    [InlineData("1,30,F", "row 1: 3 fields")]
    public void Cases_BadRow_ThrowsNamingTheRow(string row, string message)
    {
        using var dir = new TempDir();
        using var reader = CaseCsvReader.Open(dir.File("cases.csv", $"case,age,sex,disease,evidences\n{row}\n"));

        var e = Assert.Throws<CasesException>(() => reader.Cases().ToList());

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Open_MissingFile_Throws()
    {
        using var dir = new TempDir();

        Assert.Throws<CasesException>(() => CaseCsvReader.Open(dir.Sub("none.csv")));
    }
}
