using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation;

namespace Arcanum.Synthesis.Tests.Evaluation;

public sealed class MarginalsTests
{
    [Fact]
    public void Compute_FewWholeNumbers_OneBarPerValue()
    {
        var real = new NumericColumn("children", ColumnType.Integer, [0, 1, 1, 2, double.NaN]);
        var synthetic = new NumericColumn("children", ColumnType.Integer, [1, 1, 2, 2]);

        var m = Marginals.Compute(real, synthetic);

        Assert.Equal(["0", "1", "2"], m.Labels);
        Assert.Equal([0.25, 0.5, 0.25], m.Real);
        Assert.Equal([0, 0.5, 0.5], m.Synthetic);
        Assert.Equal(0.2, m.RealMissingShare, 12);
        Assert.Null(m.Note);
    }

    [Fact]
    public void Compute_SyntheticValuesOutsideTheRealRange_AreCountedInTheNote()
    {
        var real = new NumericColumn("x", ColumnType.Numeric, [.. Enumerable.Range(0, 100).Select(i => i / 10.0)]);
        var synthetic = new NumericColumn("x", ColumnType.Numeric, [1, 2, 3, 50]);

        var m = Marginals.Compute(real, synthetic);

        Assert.Equal(Marginals.Bins, m.Labels.Count);
        Assert.Equal(1, m.Real.Sum(), 12);
        Assert.Equal(0.75, m.Synthetic.Sum(), 12);
        Assert.Contains("25.0% of synthetic values lie outside the real range 0 – 9.9", m.Note);
    }

    [Fact]
    public void Compute_ManyLevels_KeepsTheMostFrequentAndGathersTheRest()
    {
        var values = Enumerable.Range(0, 30).SelectMany(i => Enumerable.Repeat<string?>($"L{i:00}", 30 - i)).ToArray();
        var real = Cohorts.Levels("code", ColumnType.Categorical, values);
        var synthetic = Cohorts.Levels("code", ColumnType.Categorical, ["L00", "new", "L29"]);

        var m = Marginals.Compute(real, synthetic);

        Assert.Equal(Marginals.TopLevels + 1, m.Labels.Count);
        Assert.Equal("L00", m.Labels[0]);
        Assert.Equal("other (11 levels)", m.Labels[^1]);
        Assert.Equal(2 / 3.0, m.Synthetic[^1], 12);
        Assert.Contains("1 levels that only the synthetic table has", m.Note);
    }
}
