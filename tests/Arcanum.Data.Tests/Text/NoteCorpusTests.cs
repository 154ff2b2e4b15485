using Arcanum.Data.Text;

namespace Arcanum.Data.Tests.Text;

public sealed class NoteCorpusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arcanum-corpus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_TxtAndBothCsvShapes_OneNotePerFileOrRow_MetadataSkipped()
    {
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "CHIEF COMPLAINT\r\n\r\nCough.");
        File.WriteAllText(Path.Combine(_dir, "b.csv"), "id,section_header,section_text\n1,GENHX,\"Seen today, stable.\"\n2,ROS,Negative.\n3,ROS,\n");
        File.WriteAllText(Path.Combine(_dir, "c.csv"), "encounter_id,note\nD1,\"PLAN\n\nRest.\"\n");
        File.WriteAllText(Path.Combine(_dir, "c_metadata.csv"), "encounter_id,age\nD1,50\n");

        var corpus = NoteCorpus.Read(_dir);

        Assert.Equal(["CHIEF COMPLAINT\n\nCough.", "GENHX: Seen today, stable.", "ROS: Negative.", "PLAN\n\nRest."], corpus.Notes);
        Assert.Equal(["a.txt", "b.csv", "c.csv"], corpus.Files);
        Assert.Equal(["c_metadata.csv"], corpus.Skipped);
    }

    [Fact]
    public void Read_FileThatIsNotUtf8_NamesItAndSaysHowToFix()
    {
        File.WriteAllBytes(Path.Combine(_dir, "latin.txt"), [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]);

        var e = Assert.Throws<DataFormatException>(() => NoteCorpus.Read(_dir));

        Assert.Contains("'latin.txt' is not UTF-8 text", e.Message);
    }

    [Fact]
    public void Read_NoNotes_SaysWhy()
    {
        File.WriteAllText(Path.Combine(_dir, "meta.csv"), "id,age\n1,50\n");

        var e = Assert.Throws<DataFormatException>(() => NoteCorpus.Read(_dir));

        Assert.Contains("no .csv file has a 'note' or 'section_text' column", e.Message);
    }
}
