using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Knowledge;

/// <summary>The JSON round trip, and files that are not knowledge bases.</summary>
public sealed class KnowledgeBaseFileTests
{
    [Fact]
    public void WriteThenRead_TinyKb_SameKnowledge()
    {
        using var dir = new TempDir();
        var path = dir.Sub("kb.json");

        KnowledgeBaseFile.Write(TinyKb.Create(), path);
        var read = KnowledgeBaseFile.Read(path);

        Assert.Equal(KnowledgeBaseFile.ToJson(TinyKb.Create()), KnowledgeBaseFile.ToJson(read));
        Assert.Contains("\"type\": \"multi\"", File.ReadAllText(path));
        Assert.Equal(0.8, read.Diseases[1].Findings[3].Cells![0].P);
    }

    [Fact]
    public void Write_InvalidKb_LeavesNoFile()
    {
        using var dir = new TempDir();
        var kb = TinyKb.Create() with { Diseases = [] };

        Assert.Throws<CasesException>(() => KnowledgeBaseFile.Write(kb, dir.Sub("kb.json")));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Parse_MissingRequiredField_SaysItIsNotAKnowledgeBase()
    {
        var e = Assert.Throws<CasesException>(() => KnowledgeBaseFile.Parse("{\"findings\": [], \"diseases\": []}", "kb.json"));

        Assert.Contains("kb.json is not a knowledge base", e.Message);
        Assert.Contains("population", e.Message);
    }

    [Fact]
    public void Parse_UnknownField_Rejected()
    {
        var json = KnowledgeBaseFile.ToJson(TinyKb.Create()).Replace("\"name\": \"tiny\"", "\"nmae\": \"tiny\"", StringComparison.Ordinal);

        var e = Assert.Throws<CasesException>(() => KnowledgeBaseFile.Parse(json));

        Assert.Contains("nmae", e.Message);
    }
}
