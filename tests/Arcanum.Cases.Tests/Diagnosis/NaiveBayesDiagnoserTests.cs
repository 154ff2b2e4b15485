using Arcanum.Cases.Diagnosis;
using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Diagnosis;

/// <summary>The knowledge base read as a diagnoser ranks diseases the way its probabilities say.</summary>
public sealed class NaiveBayesDiagnoserTests
{
    private static readonly CompiledKnowledgeBase Kb = new(TinyKb.Create());

    private static int[] Columns(params string[] names) => [.. names.Select(n => Kb.Columns.ToList().IndexOf(n))];

    [Fact]
    public void Scores_ChestPainInAnOldMan_Angina()
    {
        var scores = new NaiveBayesDiagnoser(Kb, FindingSet.Both).Scores(70, 1, Columns("pain", "where_@_chest", "intensity_@_3", "smoker"));

        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void Scores_FeverOnly_FluOverColdByTheirOdds()
    {
        var scores = new NaiveBayesDiagnoser(Kb, FindingSet.Both).Scores(20, 0, Columns("fever"));

        // Young women: Flu 1.0, Cold 0.3 (weights); fever 0.9 vs 0.2; no pain 0.7 vs 1; no smoking 1 vs 0.75.
        Assert.Equal(Math.Log(1.0 * 0.9 * 0.7 / (0.3 * 0.2 * 0.75)), scores[0] - scores[2], 9);
    }

    [Fact]
    public void Scores_HistoryOnly_IgnoresSymptoms()
    {
        var diagnoser = new NaiveBayesDiagnoser(Kb, FindingSet.History);

        Assert.Equal(diagnoser.Scores(20, 0, Columns("smoker")), diagnoser.Scores(20, 0, Columns("smoker", "fever", "pain")));
    }
}
