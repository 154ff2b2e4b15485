using System.Text;
using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Simulation;

/// <summary>The CSV a user opens: DDXPlus-style evidences and one-hot columns that agree with them.</summary>
public sealed class CaseCsvWriterTests
{
    [Fact]
    public void Write_OneCase_HeaderEvidencesAndOneHot()
    {
        var kb = new CompiledKnowledgeBase(TinyKb.Create());
        var columns = kb.Columns.ToList();
        int[] set = [.. new[] { "pain", "where_@_head", "intensity_@_1" }.Select(n => columns.IndexOf(n)).Order()];
        var cases = new CaseBatch([34], [0], [0], [0, set.Length], set);
        using var stream = new MemoryStream();

        CaseCsvWriter.Write(kb, cases, stream);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal("case,age,sex,disease,evidences,fever,pain,smoker,where_@_chest,where_@_head,where_@_back,intensity_@_1,intensity_@_2,intensity_@_3", lines[0]);
        Assert.Equal("1,34,F,Flu,\"['pain', 'where_@_head', 'intensity_@_1']\",0,1,0,0,1,0,1,0,0", lines[1]);
        Assert.Equal("", lines[2]);
    }
}
