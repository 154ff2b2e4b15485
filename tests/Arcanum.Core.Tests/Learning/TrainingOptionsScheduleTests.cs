using Arcanum.Core.Learning;

namespace Arcanum.Core.Tests.Learning;

public sealed class TrainingOptionsScheduleTests
{
    [Fact]
    public void RoundLearningRate_LastRoundOfCosine_IsTheDecayedRate()
    {
        // Given lr 0.1 with a per-round cosine over 10 rounds, in round 9 (0-based, the last)
        var options = new TrainingOptions { LearningRate = 0.1, RoundSchedule = LearningRateSchedule.Parse("cosine"), Rounds = 10, Round = 9 };

        // When / Then: 0.1·(1 + cos(0.9π))/2
        Assert.Equal(0.0024471741852423, options.RoundLearningRate, 12);
    }

    [Fact]
    public void StepLearningRate_CombinesRoundAndLocalSchedules()
    {
        // Given round 5 of 10 under cosine (factor 0.5) and a local schedule halving every 2 steps
        var options = new TrainingOptions
        {
            LearningRate = 0.2, RoundSchedule = LearningRateSchedule.Parse("cosine"), Rounds = 10, Round = 5,
            LocalSchedule = LearningRateSchedule.Parse("step:2:0.5"),
        };

        // When / Then: 0.2 · 0.5 · 0.5^⌊5/2⌋
        Assert.Equal(0.025, options.StepLearningRate(5, 8), 12);
        Assert.Equal(0.1, options.StepLearningRate(0, 8), 12);
    }

    [Fact]
    public void Validate_RoundPastTheJob_SaysTheRange()
    {
        var options = new TrainingOptions { Rounds = 5, Round = 5 };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Round must be in [0, 5)", e.Message);
    }

    [Fact]
    public void Validate_LocalScheduleWithDpSgd_Refuses()
    {
        var options = new TrainingOptions
        {
            LocalSchedule = LearningRateSchedule.Parse("cosine"),
            SampleDp = new SampleDpSettings(NoiseMultiplier: 1, Clip: 1),
        };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("DP-SGD", e.Message);
    }
}
