using Arcanum.Core.Metrics;
using Arcanum.Network.Transport;

// Not "...Tests.Transport": that would shadow Arcanum.Network.Transport in the other test files.
namespace Arcanum.Network.Tests.WireTransport;

public sealed class SparseHistogramsTests
{
    private const string At = "$.evaluation.score_histograms";

    [Fact]
    public void From_ThenToHistograms_GivesTheSameCounts()
    {
        // Given three classes, four rows
        float[] rows = [0.7f, 0.2f, 0.1f, 0.2f, 0.5f, 0.3f, 0.1f, 0.1f, 0.8f, 0.6f, 0.3f, 0.1f];
        var dense = ScoreHistograms.Build([0, 1, 2, 0], rows, 3);

        // When
        var sparse = SparseHistograms.From(dense);

        // Then only non-empty bins travel, and they add back up to the dense counts
        Assert.Equal([0, 1, 2], sparse.Ranked.Select(r => r.Class));
        Assert.Equal(2, sparse.Ranked[0].Positives.Length);
        Assert.Null(sparse.Problem(4, At));
        Assert.Equal(dense.Counts, sparse.ToHistograms().Counts);
    }

    [Fact]
    public void From_TwoClasses_SendsClassOneOnly()
    {
        // Given p(class 1) = 0.25 for a negative and 1 for a positive
        var dense = ScoreHistograms.Build([0, 1], [0.75f, 0.25f, 0f, 1f], 2);

        // When
        var sparse = SparseHistograms.From(dense);

        // Then a score of 1 joins the last bin
        var ranked = Assert.Single(sparse.Ranked);
        Assert.Equal(1, ranked.Class);
        Assert.Equal([ScoreHistograms.DefaultBins - 1, 1L], Assert.Single(ranked.Positives));
        Assert.Equal([ScoreHistograms.DefaultBins / 4, 1L], Assert.Single(ranked.Negatives));
    }

    [Theory]
    [InlineData(3, """[[10,1]]""", """[[5,1]]""", "ranked[0]: expected positives and negatives adding up to holdout_rows (3), got 2")]
    [InlineData(2, """[[10,1]]""", """[[5,1],[5,0]]""", "ranked[0].negatives[1]: expected bins ascending, each once")]
    [InlineData(2, """[[16384,1]]""", """[[5,1]]""", "ranked[0].positives[0]: expected bins ascending, each once, in [0, 16384)")]
    [InlineData(2, """[[10,-1]]""", """[[5,3]]""", "ranked[0].positives[0]: expected a count between 0 and holdout_rows (2), got -1")]
    [InlineData(2, """[[10]]""", """[[5,1]]""", "ranked[0].positives[0]: expected a pair [bin, count]")]
    public void Problem_InconsistentPairs_NamesThePathAndWhatIsWrong(
        long rows, string positives, string negatives, string expected)
    {
        // Given
        var json = $$"""
            {"bins":16384,"classes":2,"ranked":[{"class":1,"positives":{{positives}},"negatives":{{negatives}}}]}
            """;
        var sparse = WireJson.Read<SparseHistograms>(json, "histograms");

        // When
        var problem = sparse.Problem(rows, At);

        // Then
        Assert.NotNull(problem);
        Assert.StartsWith(At + "." + expected, problem);
    }

    [Fact]
    public void Problem_MulticlassPositivesNotOnePerRow_IsRefused()
    {
        // Given 2 rows, each counted positive for class 0 and again for class 1
        var json = """
            {"bins":16384,"classes":3,"ranked":[
              {"class":0,"positives":[[1,2]],"negatives":[]},
              {"class":1,"positives":[[1,2]],"negatives":[]},
              {"class":2,"positives":[],"negatives":[[1,2]]}]}
            """;

        // When
        var problem = WireJson.Read<SparseHistograms>(json, "histograms").Problem(2, At);

        // Then
        Assert.Equal(At + ".ranked: expected every held-out row positive for exactly one class, " +
            "positives adding up to holdout_rows (2), got 4", problem);
    }

    [Fact]
    public void Problem_TwoClassesWithClassZeroRanked_IsRefused()
    {
        // Given
        var json = """{"bins":16384,"classes":2,"ranked":[{"class":0,"positives":[[1,1]],"negatives":[]}]}""";

        // When
        var problem = WireJson.Read<SparseHistograms>(json, "histograms").Problem(1, At);

        // Then
        Assert.Equal(At + ".ranked[0].class: expected 1, got 0", problem);
    }
}
