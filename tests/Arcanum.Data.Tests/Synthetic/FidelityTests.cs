using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using static Arcanum.Data.Tests.Synthetic.Tables;

namespace Arcanum.Data.Tests.Synthetic;

public sealed class FidelityTests
{
    [Fact]
    public void ColumnDistances_IdenticalTables_AreZero()
    {
        var table = Draw(50, seed: 1);

        var distances = Fidelity.ColumnDistances(table, table);

        Assert.Equal(["x:ks", "y:ks", "g:tv"], distances.Select(d => $"{d.Column}:{d.Kind}"));
        Assert.All(distances, d => Assert.Equal(0, d.Distance));
    }

    [Fact]
    public void ColumnDistances_DisjointRangesAndLevels_AreOne()
    {
        var real = Of(Numbers("v", 1, 2, 3), Levels("g", "a", "b", "a"));
        var synthetic = Of(Numbers("v", 10, 11), Levels("g", "c", "d"));

        var distances = Fidelity.ColumnDistances(real, synthetic);

        Assert.All(distances, d => Assert.Equal(1, d.Distance));
    }

    [Fact]
    public void ColumnDistances_KsHandComputedCase_HandlesTiesAndIgnoresMissing()
    {
        // Given: {1,2,2,3} vs {2,3,3,4} (NaN ignored): at 2 the CDFs are 3/4 and 1/4, so D = 0.5.
        var real = Of(Numbers("v", 1, 2, 2, 3));
        var synthetic = Of(Numbers("v", 2, 3, double.NaN, 3, 4));

        var distance = Fidelity.ColumnDistances(real, synthetic).Single();

        Assert.Equal(0.5, distance.Distance, 12);
        Assert.Equal(0.2, distance.MissingRateDifference, 12);
    }

    [Fact]
    public void ColumnDistances_TotalVariationHandCase_IsHalf()
    {
        // real A .5, B .25, missing .25; synthetic A .25, B .5, C .25 -> (.25+.25+.25+.25)/2.
        var real = Of(Levels("g", "A", "A", "B", null));
        var synthetic = Of(Levels("g", "A", "B", "B", "C"));

        Assert.Equal(0.5, Fidelity.ColumnDistances(real, synthetic).Single().Distance, 12);
    }

    [Fact]
    public void PairwiseDifferences_HandMadeTables_GivePearsonCramersVAndEta()
    {
        // Given: real pearson(x, y) = 1/2 (dx -1,0,1; dy -1,1,0); synthetic y = x exactly.
        var real = Of(Numbers("x", 1, 2, 3), Numbers("y", 1, 3, 2));
        var synthetic = Of(Numbers("x", 1, 2, 3), Numbers("y", 1, 2, 3));

        var pair = Fidelity.PairwiseDifferences(real, synthetic).Single();

        Assert.Equal(("x", "y", "pearson"), (pair.First, pair.Second, pair.Measure));
        Assert.Equal(0.5, pair.Real, 12);
        Assert.Equal(1, pair.Synthetic, 12);
        Assert.Equal(0.5, pair.Difference, 12);
        Assert.Equal(0.25, pair.ScaledDifference, 12);
    }

    [Fact]
    public void CramersV_TwoByTwoWithCounts2112_IsOneThird()
    {
        // chi2 = 4 * (0.5^2 / 1.5) = 2/3; V = sqrt((2/3) / (6 * 1)) = 1/3.
        var a = Levels("a", "p", "p", "p", "q", "q", "q");
        var b = Levels("b", "u", "u", "v", "u", "v", "v");

        Assert.Equal(1.0 / 3, Dependence.CramersVOf(a, b)!.Value, 12);
        Assert.Equal(1, Dependence.CramersVOf(a, a)!.Value, 12);
    }

    [Fact]
    public void CorrelationRatio_TwoGroups_IsRootOfBetweenOverTotal()
    {
        // mean 4; SS total 9+1+1+9 = 20; group means 2 and 6 -> SS between 16; eta = sqrt(0.8). Missing rows skipped.
        var values = Numbers("v", 1, 3, 5, 7, double.NaN, 100);
        var groups = Levels("g", "a", "a", "b", "b", "a", null);

        Assert.Equal(Math.Sqrt(0.8), Dependence.CorrelationRatio(values, groups)!.Value, 12);
    }

    [Fact]
    public void PairwiseDifferences_MixedTable_UsesEtaForNumericCategoricalPairs()
    {
        var table = Of(Numbers("v", 1, 3, 5, 7), Levels("g", "a", "a", "b", "b"), Levels("h", "u", "v", "u", "v"));

        var pairs = Fidelity.PairwiseDifferences(table, table);

        Assert.Equal(["v-g:eta", "v-h:eta", "g-h:cramers_v"], pairs.Select(p => $"{p.First}-{p.Second}:{p.Measure}"));
        Assert.All(pairs, p => Assert.Equal(0, p.Difference));
    }

    [Fact]
    public void Score_IdenticalTables_IsOne_AndShiftedTableScoresLower()
    {
        var real = Draw(60, seed: 2);
        var shifted = Of(Numbers("x", real["x"] is NumericColumn x ? x.Values.Select(v => v + 100).ToArray() : []),
            real["y"], real["g"]);

        var same = Fidelity.Score(real, real);
        var worse = Fidelity.Score(real, shifted);

        Assert.Equal((1.0, 1.0, 1.0, 3, 3), (same.Overall, same.ColumnShapes, same.PairTrends, same.ColumnCount, same.PairCount));
        // x no longer overlaps (D = 1); shifts leave every correlation and eta unchanged.
        Assert.Equal((2.0 / 3 + 1) / 2, worse.Overall, 12);
    }

    [Fact]
    public void ColumnDistances_TypeMismatch_ThrowsNamingTheColumn()
    {
        var real = Of(Numbers("v", 1, 2));
        var synthetic = Of(Levels("v", "a", "b"));

        var error = Assert.Throws<ArgumentException>(() => Fidelity.ColumnDistances(real, synthetic));
        Assert.Contains("'v'", error.Message);
    }

    [Fact]
    public void ColumnDistances_NoSharedColumnOrEmptyTable_Throws()
    {
        Assert.Contains("share no", Assert.Throws<ArgumentException>(() => Fidelity.ColumnDistances(Of(Numbers("a", 1)), Of(Numbers("b", 1)))).Message);
        Assert.Contains("no rows", Assert.Throws<ArgumentException>(() => Fidelity.ColumnDistances(Of(Numbers("a", 1)), Of(Numbers("a")))).Message);
    }

    [Fact]
    public void ColumnDistances_IdentifierColumns_AreSkipped()
    {
        var table = Of(new IdentifierColumn("id", ["P1", "P2"]), Numbers("v", 1, 2));

        Assert.Equal(["v"], Fidelity.ColumnDistances(table, table).Select(d => d.Column));
    }
}
