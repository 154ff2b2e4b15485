using Arcanum.Deid;

namespace Arcanum.Bench.DeidCorpus.Tests;

public sealed class PresidioConverterTests
{
    [Fact]
    public void Read_EmojiBeforeSpanAndUnmappedType_Utf16OffsetsAndNotScoredList()
    {
        // Given: Presidio counts code points; the emoji is two UTF-16 chars.
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            [{"full_text": "😀 Call Ana Silva at Acme", "spans": [
              {"entity_type": "PERSON", "entity_value": "Ana Silva", "start_position": 7, "end_position": 16},
              {"entity_type": "ORGANIZATION", "entity_value": "Acme", "start_position": 20, "end_position": 24}]}]
            """);

        // When
        var document = Assert.Single(PresidioConverter.Read(path).ToList());
        File.Delete(path);

        // Then
        var span = Assert.Single(document.Spans);
        Assert.Equal("Ana Silva", document.Text[span.Start..span.End]);
        Assert.Equal(PhiType.Name, span.Type);
        var (start, end, entity) = Assert.Single(document.Unscored);
        Assert.Equal(("Acme", "ORGANIZATION"), (document.Text[start..end], entity));
    }
}
