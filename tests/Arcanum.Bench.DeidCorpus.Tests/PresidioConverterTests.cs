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

    [Theory]
    [InlineData("AGE", "64", null)]
    [InlineData("AGE", "93", PhiType.Age)]
    [InlineData("DATE_TIME", "1977", null)]
    [InlineData("DATE_TIME", "Tuesday", null)]
    [InlineData("DATE_TIME", "March 4th", PhiType.Date)]
    [InlineData("GPE", "Estonia", null)]
    [InlineData("CREDIT_CARD", "4111 1111 1111 1111", PhiType.Account)]
    public void Classify_SafeHarborRules_ScoresOnlyIdentifiers(string entity, string value, PhiType? expected)
    {
        Assert.Equal(expected, PresidioConverter.Classify(entity, value));
    }
}
