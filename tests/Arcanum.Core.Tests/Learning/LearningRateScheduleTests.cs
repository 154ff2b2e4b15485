using Arcanum.Core.Learning;

namespace Arcanum.Core.Tests.Learning;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.5)]                  // (1 + cos(π/2))/2
    [InlineData(9, 0.024471741852423)]    // (1 + cos(0.9π))/2: the last of 10 rounds still trains a little
    public void Factor_Cosine_FollowsHalfACosineFromOneToZero(int t, double expected)
    {
        // Given / When
        var factor = LearningRateSchedule.Parse("cosine").Factor(t, 10);

        // Then
        Assert.Equal(expected, factor, 12);
    }

    [Fact]
    public void Factor_CosineWithMinimum_EndsAboveTheMinimum()
    {
        // Given cosine towards 0.01 of the rate
        var schedule = LearningRateSchedule.Parse("cosine:0.01");

        // When / Then: 0.01 + 0.99·(1 + cos(0.9π))/2
        Assert.Equal(0.034227024433899, schedule.Factor(9, 10), 12);
        Assert.Equal(1, schedule.Factor(0, 10), 12);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.5)]
    [InlineData(7, 0.25)]
    public void Factor_Step_HalvesEveryThreePositions(int t, double expected)
    {
        Assert.Equal(expected, LearningRateSchedule.Parse("step:3:0.5").Factor(t, 10), 12);
    }

    [Fact]
    public void Parse_StepWithoutGamma_UsesATenth()
    {
        var schedule = LearningRateSchedule.Parse("step:2");

        Assert.Equal(0.01, schedule.Factor(4, 5), 12);
        Assert.Equal("step:2:0.1", schedule.ToString());
    }

    [Theory]
    [InlineData("constant")]
    [InlineData("cosine")]
    [InlineData("cosine:0.05")]
    [InlineData("step:10:0.5")]
    public void ToString_ParsesBackToTheSameSchedule(string text)
    {
        var schedule = LearningRateSchedule.Parse(text);

        Assert.Equal(text, schedule.ToString());
        Assert.Equal(schedule, LearningRateSchedule.Parse(schedule.ToString()));
    }

    [Theory]
    [InlineData("linear", "not one of constant, cosine")]
    [InlineData("cosine:1.5", "minimum factor must be in [0, 1)")]
    [InlineData("cosine:low", "MIN must be a number")]
    [InlineData("step:0", "at least 1")]
    [InlineData("step:2.5", "EVERY must be a whole number")]
    [InlineData("step:5:2", "gamma must be in (0, 1]")]
    [InlineData("", "not one of")]
    public void Parse_BadText_SaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LearningRateSchedule.Parse(text));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Factor_PositionPastTheEnd_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Parse("cosine").Factor(10, 10));
    }
}
