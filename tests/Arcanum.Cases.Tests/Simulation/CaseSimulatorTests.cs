using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Simulation;

/// <summary>Same seed, same cases; and the cases' frequencies are the knowledge base's, worked out by hand.</summary>
public sealed class CaseSimulatorTests
{
    private static readonly CompiledKnowledgeBase Kb = new(TinyKb.Create());

    /// <summary>P(Flu): age band share x sex share x Flu's weight among that band and sex (prevalence x factors).</summary>
    internal static readonly double FluShare = 0.3 * (1 / 1.5) + 0.3 * (1 / 1.7) + 0.2 * (0.5 / 1.0) + 0.2 * (0.5 / 1.2);

    internal static readonly double ColdShare = 0.3 * (0.3 / 1.5) + 0.3 * (0.3 / 1.7) + 0.2 * (0.3 / 1.0) + 0.2 * (0.3 / 1.2);

    /// <summary>P(Angina): as <see cref="FluShare"/>, with the male factor of 2.</summary>
    internal static readonly double AnginaShare = 0.3 * (0.2 / 1.5) + 0.3 * (0.4 / 1.7) + 0.2 * (0.2 / 1.0) + 0.2 * (0.4 / 1.2);

    [Fact]
    public void Simulate_SameSeed_SameCases()
    {
        var a = new CaseSimulator(Kb).Simulate(20_000, 7);
        var b = new CaseSimulator(Kb).Simulate(20_000, 7);

        Assert.Equal(a.Age, b.Age);
        Assert.Equal(a.Sex, b.Sex);
        Assert.Equal(a.Disease, b.Disease);
        Assert.Equal(a.Offsets, b.Offsets);
        Assert.Equal(a.Columns, b.Columns);
    }

    [Fact]
    public void Simulate_OtherSeed_OtherCases()
    {
        var a = new CaseSimulator(Kb).Simulate(1_000, 7);
        var b = new CaseSimulator(Kb).Simulate(1_000, 8);

        Assert.NotEqual(a.Disease, b.Disease);
    }

    [Fact]
    public void Simulate_ManyCases_DiseaseSharesConvergeToTheKnowledgeBase()
    {
        var cases = new CaseSimulator(Kb).Simulate(200_000, 3);

        var flu = cases.Disease.Count(d => d == 0) / 200_000.0;
        var cold = cases.Disease.Count(d => d == 2) / 200_000.0;

        // Four standard errors at n = 200,000 are about 0.0045.
        Assert.InRange(flu, FluShare - 0.0045, FluShare + 0.0045);
        Assert.InRange(cold, ColdShare - 0.004, ColdShare + 0.004);
    }

    [Fact]
    public void Simulate_ManyCases_EveryFrequencyWithinFourStandardErrors()
    {
        var conditions = CaseConditions.None(Kb);
        var cases = new CaseSimulator(Kb).Simulate(200_000, 11, conditions);

        var report = FrequencyReport.Build(Kb, conditions, cases, 1);

        Assert.Equal(0, report.Flagged);
        Assert.Equal(FluShare, report.Diseases[0].Expected, 12);
    }

    [Fact]
    public void Simulate_GatedFindings_NeverWithoutTheirGate()
    {
        var cases = new CaseSimulator(Kb).Simulate(50_000, 5);
        var pain = Kb.Columns.ToList().IndexOf("pain");
        var gated = Enumerable.Range(0, Kb.Columns.Count).Where(c => Kb.Columns[c].StartsWith("where_@_", StringComparison.Ordinal)
            || Kb.Columns[c].StartsWith("intensity_@_", StringComparison.Ordinal)).ToHashSet();

        for (var i = 0; i < cases.Count; i++)
        {
            var set = cases.ColumnsOf(i).ToArray();
            if (set.Any(gated.Contains)) Assert.Contains(pain, set);
        }
    }

    [Fact]
    public void Simulate_FindingCell_OverridesTheProbabilityForThatBandAndSex()
    {
        var cases = new CaseSimulator(Kb).Simulate(100_000, 9, "disease = Angina");
        var smoker = Kb.Columns.ToList().IndexOf("smoker");
        double Rate(Func<int, bool> who)
        {
            var rows = Enumerable.Range(0, cases.Count).Where(who).ToList();
            return rows.Count(i => cases.ColumnsOf(i).Contains(smoker)) / (double)rows.Count;
        }

        Assert.InRange(Rate(i => cases.Age[i] >= 40 && cases.Sex[i] == 1), 0.78, 0.82);
        Assert.InRange(Rate(i => cases.Age[i] < 40), 0.58, 0.62);
    }

    [Fact]
    public void Simulate_MultiChoice_AtLeastOneAnswerAndIndependentChoicesGivenThat()
    {
        // Flu's locations: head 0.8, back 0.3, chest never; given at least one, head = 0.8 / (1 - 0.2 * 0.7).
        var cases = new CaseSimulator(Kb).Simulate(100_000, 4, "disease = Flu and pain = 1");
        var columns = Kb.Columns.ToList();
        int Count(string name) => Enumerable.Range(0, cases.Count).Count(i => cases.ColumnsOf(i).Contains(columns.IndexOf(name)));
        var anyWhere = Enumerable.Range(0, cases.Count).Count(i => cases.ColumnsOf(i).ToArray().Any(c => columns[c].StartsWith("where_@_", StringComparison.Ordinal)));

        Assert.Equal(cases.Count, anyWhere);
        Assert.InRange(Count("where_@_head") / (double)cases.Count, 0.8 / 0.86 - 0.005, 0.8 / 0.86 + 0.005);
        Assert.InRange(Count("where_@_back") / (double)cases.Count, 0.3 / 0.86 - 0.006, 0.3 / 0.86 + 0.006);
        Assert.Equal(0, Count("where_@_chest"));
    }
}
