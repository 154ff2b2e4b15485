using Arcanum.Deid.Synthetic;

namespace Arcanum.Deid.Tests.Synthetic;

public sealed class NoteBuilderTests
{
    [Fact]
    public void Template_TitleAndName_SpanCoversTheNameOnly()
    {
        // Given
        var note = new NoteBuilder();

        // When
        note.Template("Seen by {doc} today.", _ => [Piece.Plain("Dr. "), Piece.Phi("Okafor", PhiType.Name)]);

        // Then
        Assert.Equal("Seen by Dr. Okafor today.", note.Text);
        var span = Assert.Single(note.Spans);
        Assert.Equal("Okafor", note.Text[span.Start..span.End]);
        Assert.Equal(PhiType.Name, span.Type);
    }

    [Fact]
    public void Romanize_AccentedLocaleNames_PlainLatinLetters()
    {
        Assert.Equal("Muller Lukasz Nguyen Soren Akgul", Romanizer.Romanize("Müller Łukasz Nguyễn Søren Akgül"));
    }
}
