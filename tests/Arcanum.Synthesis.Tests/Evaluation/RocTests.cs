using Arcanum.Synthesis.Evaluation;

namespace Arcanum.Synthesis.Tests.Evaluation;

public sealed class RocTests
{
    [Fact]
    public void Summarise_PerfectSeparation_IsOneWithFullAdvantage()
    {
        var (auroc, advantage) = Roc.Summarise([0.9, 0.8, 0.2, 0.1], [true, true, false, false]);

        Assert.Equal(1, auroc);
        Assert.Equal(1, advantage);
    }

    [Fact]
    public void Summarise_HandCaseWithTies_CountsTiesHalf()
    {
        // Positives 3, 2, 1; negatives 2, 0. Pairs: (3,2) 1, (3,0) 1, (2,2) ½, (2,0) 1, (1,2) 0, (1,0) 1 → 4.5/6.
        // Thresholds: ≥3 TPR 1/3 FPR 0; ≥2 TPR 2/3 FPR 1/2; ≥1 TPR 1 FPR 1/2 → best advantage 1/2.
        var (auroc, advantage) = Roc.Summarise([3, 2, 1, 2, 0], [true, true, true, false, false]);

        Assert.Equal(0.75, auroc, 12);
        Assert.Equal(0.5, advantage, 12);
    }

    [Fact]
    public void Summarise_AllScoresTied_IsHalfWithNoAdvantage()
    {
        var (auroc, advantage) = Roc.Summarise([1, 1, 1, 1], [true, false, true, false]);

        Assert.Equal(0.5, auroc);
        Assert.Equal(0, advantage);
    }

    [Fact]
    public void Summarise_OneClassOnly_IsUndefined()
    {
        var (auroc, advantage) = Roc.Summarise([1, 2], [true, true]);

        Assert.True(double.IsNaN(auroc));
        Assert.True(double.IsNaN(advantage));
    }
}
