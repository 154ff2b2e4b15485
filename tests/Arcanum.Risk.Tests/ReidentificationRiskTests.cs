namespace Arcanum.Risk.Tests;

public sealed class ReidentificationRiskTests
{
    private static readonly double[] Thresholds = [0.2, 0.33, 0.5];

    [Fact]
    public void Prosecutor_ClassesOf1234_HighestOneAverageFourTenths()
    {
        // Given: 10 records in classes of 1, 2, 3 and 4
        int[] sizes = [1, 2, 3, 4];

        // When
        var risk = ReidentificationRisk.Prosecutor(sizes, Thresholds);

        // Then: the unique record is re-identified for sure; on average 4 classes / 10 records
        Assert.Equal(1.0, risk.Highest);
        Assert.Equal(0.4, risk.Average, 12);
        // 1/f > 0.2 for f <= 4: all 10; 1/f > 0.33 for f <= 3: 6; 1/f > 0.5 only for f = 1
        Assert.Equal([10, 6, 1], risk.AtRisk.Select(r => r.Records));
        Assert.Equal([1.0, 0.6, 0.1], risk.AtRisk.Select(r => r.Share));
    }

    [Fact]
    public void Prosecutor_FiveAnonymousRelease_HighestOneFifthNobodyAboveIt()
    {
        // Given: k = 5 (classes of 5 and 10)
        var risk = ReidentificationRisk.Prosecutor([5, 10], Thresholds);

        // Then: 1/5 is not above 0.2, so no record counts as at risk
        Assert.Equal(0.2, risk.Highest);
        Assert.Equal(2 / 15.0, risk.Average, 12);
        Assert.All(risk.AtRisk, r => Assert.Equal(0, r.Records));
    }

    [Fact]
    public void Journalist_PopulationTable_UsesPopulationClassSizes()
    {
        // Given: a unique released record that has 3 look-alikes in the population, and a class of 2 with none
        int[] sample = [1, 2];
        int[] population = [4, 2];

        // When
        var risk = ReidentificationRisk.Journalist(sample, population, Thresholds);
        var marketer = ReidentificationRisk.Marketer(sample, population);

        // Then: highest 1/2; average max(2 classes / 6, (1/4 + 2/2) / 3) = 1.25/3
        Assert.Equal(0.5, risk.Highest);
        Assert.Equal(1.25 / 3, risk.Average, 12);
        Assert.Equal([3, 2, 0], risk.AtRisk.Select(r => r.Records));
        Assert.Equal(1.25 / 3, marketer, 12);
    }

    [Fact]
    public void Journalist_NoPopulation_EqualsProsecutor()
    {
        int[] sizes = [1, 2, 3, 4];

        var journalist = ReidentificationRisk.Journalist(sizes, sizes, Thresholds);
        var prosecutor = ReidentificationRisk.Prosecutor(sizes, Thresholds);

        Assert.Equal((prosecutor.Highest, prosecutor.Average), (journalist.Highest, journalist.Average));
        Assert.Equal(0.4, ReidentificationRisk.Marketer(sizes, sizes), 12);
    }

    [Fact]
    public void Journalist_PopulationClassSmallerThanRelease_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ReidentificationRisk.Journalist([3], [2], Thresholds));

        Assert.Contains("the population must hold every released record", error.Message);
    }

    [Fact]
    public void Below_ClassesOf1234_CountsRecordsUnderEachK()
    {
        var below = ReidentificationRisk.Below([1, 2, 3, 4], [2, 3, 5, 10]);

        Assert.Equal([1, 3, 10, 10], below.Select(b => b.Records));
        Assert.Equal([1, 2, 4, 4], below.Select(b => b.Classes));
        Assert.Equal(0.3, below[1].Share, 12);
    }

    [Fact]
    public void Histogram_Sizes_CountsClassesPerSizeSmallestFirst()
    {
        var histogram = ReidentificationRisk.Histogram([3, 1, 3, 2, 1, 1]);

        Assert.Equal([new(1, 3), new(2, 1), new ClassSizeCount(3, 2)], histogram);
    }
}
