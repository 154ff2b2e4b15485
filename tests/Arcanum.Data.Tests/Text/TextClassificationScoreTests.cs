using Arcanum.Data.Text;

namespace Arcanum.Data.Tests.Text;

public sealed class TextClassificationScoreTests
{
    [Fact]
    public void Of_ByHand_AccuracyMacroF1AndSupport()
    {
        // Given 4 A (3 right, one called B) and 2 B (1 right, one called C, a class that never occurs)
        string[] truth = ["A", "A", "A", "A", "B", "B"];
        string[] predicted = ["A", "A", "A", "B", "B", "C"];

        var score = TextClassificationScore.Of(truth, predicted);

        // Then: A precision 3/3, recall 3/4, F1 6/7; B precision 1/2, recall 1/2, F1 1/2; C F1 0
        Assert.Equal(4.0 / 6, score.Accuracy, 10);
        Assert.Equal((6.0 / 7 + 0.5 + 0) / 3, score.MacroF1, 10);
        Assert.Equal([("A", 4), ("B", 2), ("C", 0)], score.Classes.Select(c => (c.Label, c.Support)));
    }

    [Fact]
    public void Of_MajorityClassOnly_KeepsAccuracyButNotMacroF1()
    {
        string[] truth = ["A", "A", "A", "A", "A", "A", "A", "A", "B", "C"];
        var score = TextClassificationScore.Of(truth, [.. truth.Select(_ => "A")]);

        Assert.Equal(0.8, score.Accuracy, 10);
        Assert.True(score.MacroF1 < 0.35, $"macro-F1 {score.MacroF1}");
    }
}
