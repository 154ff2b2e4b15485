using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class CellGroupsTests
{
    [Fact]
    public void Compress_LevelsBelowThreeSigma_MergedIntoOneMeasuredBySum()
    {
        // Levels 0-3, then the missing cell; sigma 10, so 3 sigma = 30.
        var measured = new Measurement([0], [100, 5, -3, 80, 10], [10, 10, 10, 10, 10]);

        var (groups, compressed) = CellGroups.Compress(measured);

        // Levels 1 and 2 merge; the missing cell (10 < 30) joins the smallest group but never decodes.
        Assert.Equal(3, groups.ModelCells);
        Assert.Equal([0, 1, 1, 2, 1], Enumerable.Range(0, 5).Select(groups.ToModel));
        Assert.Equal([100, 12, 80], compressed.Values);
        Assert.Equal(10 * Math.Sqrt(3), compressed.Sigmas[1], 12);
        var expanded = groups.Expand([0.5, 0.3, 0.2]);
        Assert.Equal(0.3, expanded[1], 6);
        Assert.Equal(0, expanded[2], 6);
        Assert.Equal(0, expanded[4]);
    }

    [Fact]
    public void MergeAdjacent_RunsGrowUntilSignificant_AndTheMissingCellJoinsTheSmallest()
    {
        // Bins 0-5, then the missing cell; sigma 1 each, threshold 3 sigma of a run's sum.
        var measured = new Measurement([0], [10, 1, 1, 2, 20, 1, 0.5], [1, 1, 1, 1, 1, 1, 1]);

        var (groups, compressed) = CellGroups.MergeAdjacent(measured);

        // Runs: {0} (10 ≥ 3), {1,2,3} (4 < 3√3 ≈ 5.2, so it joins 4: 24 ≥ 6), then {5} is short and joins the last run; missing (0.5 < 3) joins the smallest run {0}.
        Assert.Equal(2, groups.ModelCells);
        Assert.Equal(0, groups.ToModel(0));
        Assert.Equal(1, groups.ToModel(4));
        Assert.Equal(1, groups.ToModel(5));
        Assert.Equal(0, groups.ToModel(6));
        Assert.Equal([10.5, 25], compressed.Values);
        Assert.Equal(0, groups.Expand([0.4, 0.6])[6]);
    }
}
