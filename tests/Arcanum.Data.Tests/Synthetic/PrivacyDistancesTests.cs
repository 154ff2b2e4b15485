using Arcanum.Data.Synthetic;
using static Arcanum.Data.Tests.Synthetic.Tables;

namespace Arcanum.Data.Tests.Synthetic;

public sealed class PrivacyDistancesTests
{
    private static readonly string[] Columns = ["x", "y", "g"];

    [Fact]
    public void Compute_SyntheticCopiesTrainingRows_ReportsCopiesAndZeroDistance()
    {
        // Given
        var train = Draw(200, seed: 1);
        var holdout = Draw(200, seed: 2);
        var synthetic = train.Select(Enumerable.Range(0, 50).ToArray());

        // When
        var report = PrivacyDistances.Compute(train, holdout, synthetic, Columns);

        // Then
        Assert.Equal(50, report.ExactCopies);
        Assert.Equal(1, report.ExactCopyShare);
        Assert.Equal(1, report.ShareCloserToTrain);
        Assert.Equal(0, report.SyntheticToTrain.P95);
        Assert.Equal(0, report.NearestNeighbourRatio.P95);
        Assert.True(report.HoldoutToTrain.P50 > 0);
        Assert.Equal(4, report.Warnings.Count);
    }

    [Fact]
    public void Compute_SyntheticDrawnFromTheSameDistribution_IsAsCloseToTrainAsToHoldout()
    {
        // Given
        var train = Draw(200, seed: 1);
        var holdout = Draw(200, seed: 2);
        var synthetic = Draw(200, seed: 3);

        // When
        var report = PrivacyDistances.Compute(train, holdout, synthetic, Columns);

        // Then
        Assert.InRange(report.ShareCloserToTrain, 0.35, 0.65);
        Assert.Equal(0, report.ExactCopies);
        Assert.InRange(report.NearestNeighbourRatio.P5, 0, 1);
        Assert.InRange(report.NearestNeighbourRatio.P95, report.NearestNeighbourRatio.P5, 1);
        Assert.True(report.SyntheticToTrain.P5 > 0);
        Assert.Empty(report.Notes);
        Assert.Equal(200, report.ComparedRowsPerSet);
    }

    [Fact]
    public void Compute_HoldoutSmallerThanTrain_SubsamplesTrainAndSaysSo()
    {
        var train = Draw(120, seed: 1);
        var holdout = Draw(60, seed: 2);
        var synthetic = Draw(40, seed: 3);

        var first = PrivacyDistances.Compute(train, holdout, synthetic, Columns);
        var second = PrivacyDistances.Compute(train, holdout, synthetic, Columns);

        Assert.Equal(60, first.ComparedRowsPerSet);
        Assert.Contains("subsampled to 60 rows", Assert.Single(first.Notes));
        Assert.Equal(first.ShareCloserToTrain, second.ShareCloserToTrain);
    }

    [Fact]
    public void Compute_ColumnMissingFromATable_ThrowsNamingTableAndColumn()
    {
        var train = Draw(10, seed: 1);
        var synthetic = Of(Numbers("x", 1, 2));

        var error = Assert.Throws<ArgumentException>(() => PrivacyDistances.Compute(train, train, synthetic, Columns));

        Assert.Contains("synthetic table has no column 'y'", error.Message);
    }

    [Fact]
    public void Compute_EmptyTablesOrNoColumns_Throw()
    {
        var train = Draw(10, seed: 1);
        var empty = Draw(0, seed: 1);

        Assert.Contains("synthetic table has no rows", Assert.Throws<ArgumentException>(() => PrivacyDistances.Compute(train, train, empty, Columns)).Message);
        Assert.Contains("holdout table has no rows", Assert.Throws<ArgumentException>(() => PrivacyDistances.Compute(train, empty, train, Columns)).Message);
        Assert.Contains("training table has 0 rows", Assert.Throws<ArgumentException>(() => PrivacyDistances.Compute(empty, train, train, Columns)).Message);
        Assert.Contains("at least one column", Assert.Throws<ArgumentException>(() => PrivacyDistances.Compute(train, train, train, [])).Message);
    }

    [Fact]
    public void Compute_ExposesEveryDistanceForAHistogram_SummarisedByThePercentiles()
    {
        var train = Draw(80, seed: 1);
        var holdout = Draw(60, seed: 2);
        var synthetic = Draw(40, seed: 3);

        var report = PrivacyDistances.Compute(train, holdout, synthetic, Columns);

        Assert.Equal(40, report.SyntheticToTrainDistances.Count);
        Assert.Equal(60, report.HoldoutToTrainDistances.Count);
        Assert.Equal(Percentiles.Of(report.SyntheticToTrainDistances), report.SyntheticToTrain);
        Assert.Equal(Percentiles.Of(report.HoldoutToTrainDistances), report.HoldoutToTrain);
    }

    [Theory]
    [InlineData(0.95, false)]
    [InlineData(0.85, true)]
    public void Warnings_SyntheticDcrMedianBelowHoldout_OnlyWarnPastTenPercent(double ratio, bool warns)
    {
        var holdout = new Percentiles(1, 2, 3, 4, 5);
        var synthetic = holdout with { P50 = 3 * ratio };
        var report = new PrivacyReport(synthetic, holdout, 0.5, new Percentiles(0.5, 0.6, 0.7, 0.8, 0.9), 0, 100, 100, []);

        Assert.Equal(warns, report.Warnings.Any(w => w.Contains("more than 10% below the holdout", StringComparison.Ordinal)));
    }

    [Fact]
    public void NearestNeighbours_HandCase_FindsFirstAndSecondDistances()
    {
        // References (0,0), (3,4), (6,8); query (0,0) is 0 and 5 away, query (3,0) is 3 and 4 away.
        float[] references = [0, 0, 3, 4, 6, 8];

        var (first, second) = NearestNeighbours.Find([0, 0, 3, 0], references, 2);

        Assert.Equal([0, 3], first);
        Assert.Equal([5, 4], second);
    }

    [Fact]
    public void NearestNeighbours_WideRows_MatchAPlainLoop()
    {
        // 37 features: SIMD chunks plus a remainder.
        var random = new Random(4);
        var queries = Enumerable.Range(0, 5 * 37).Select(_ => (float)random.NextDouble()).ToArray();
        var references = Enumerable.Range(0, 9 * 37).Select(_ => (float)random.NextDouble()).ToArray();

        var (first, _) = NearestNeighbours.Find(queries, references, 37);

        for (var q = 0; q < 5; q++)
        {
            var expected = Enumerable.Range(0, 9).Min(r => Math.Sqrt(Enumerable.Range(0, 37).Sum(k => Math.Pow(queries[q * 37 + k] - references[r * 37 + k], 2))));
            Assert.Equal(expected, first[q], 4);
        }
    }

    [Fact]
    public void Percentiles_OfFiveValues_InterpolatesLinearly()
    {
        var p = Percentiles.Of([4, 0, 1, 3, 2]);

        Assert.Equal((0.2, 1.0, 2.0, 3.0, 3.8), (p.P5, p.P25, p.P50, p.P75, p.P95));
    }
}
