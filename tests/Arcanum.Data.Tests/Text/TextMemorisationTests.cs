using Arcanum.Data.Text;

namespace Arcanum.Data.Tests.Text;

public sealed class TextMemorisationTests
{
    private const string Training = "HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old man with chronic kidney disease stage 3.";

    [Fact]
    public void Measure_CopiedSentence_CountsItsWindowsAndTheLongestMatch()
    {
        // Given one generated text that copies 60 characters of the training text, inside new words
        var copiedPart = Training.Substring(10, 60);
        var generated = "Seen today. " + copiedPart + " Follows up in May.";

        // When
        var score = TextMemorisation.Measure([generated], [Training, "Another note."], spanLength: 50);

        // Then: 11 of its windows lie inside the copied run, and the longest match is the run itself
        Assert.Equal(generated.Length - 50 + 1, score.Spans);
        Assert.Equal(11, score.CopiedSpans);
        Assert.Equal(60, score.LongestMatch);
    }

    [Fact]
    public void Measure_NewText_CopiesNothing()
    {
        var score = TextMemorisation.Measure(["Completely different wording about a sprained ankle, iced and rested."], [Training], 20);

        Assert.Equal(0, score.CopiedSpans);
        Assert.Equal(0, score.CopiedShare);
        Assert.InRange(score.LongestMatch, 1, 19);   // a few shared characters ("the ", "ic") are not copying
    }
}
