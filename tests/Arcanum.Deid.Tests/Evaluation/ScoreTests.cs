using Arcanum.Deid.Evaluation;

namespace Arcanum.Deid.Tests.Evaluation;

public sealed class ScoreTests
{
    [Fact]
    public void F1_RecallHalfPrecisionOne_TwoThirds()
    {
        Assert.Equal(2.0 / 3, new Score(1, 2, 3, 3).F1!.Value, 9);
    }

    [Fact]
    public void Ratios_NothingToDivideBy_NullNotZero()
    {
        var none = new Score(0, 0, 0, 0);

        Assert.Null(none.Recall);
        Assert.Null(none.Precision);
        Assert.Null(none.F1);
        Assert.Equal(0.0, new Score(0, 2, 0, 1).F1);
    }
}
