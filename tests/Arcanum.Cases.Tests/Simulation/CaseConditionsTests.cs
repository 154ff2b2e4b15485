using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;

namespace Arcanum.Cases.Tests.Simulation;

/// <summary>
/// Conditional sampling: every case meets the condition, and the cases follow the conditional distribution, by
/// hand-worked Bayes and against discarding unconditioned cases (which must agree, only slower).
/// </summary>
public sealed class CaseConditionsTests
{
    private static readonly CompiledKnowledgeBase Kb = new(TinyKb.Create());

    [Fact]
    public void Simulate_DiseaseAndAge_EveryCaseMeetsBoth()
    {
        var cases = new CaseSimulator(Kb).Simulate(20_000, 1, "disease = Angina and age >= 65");

        Assert.All(cases.Disease, d => Assert.Equal(1, d));
        Assert.All(cases.Age, a => Assert.InRange(a, 65, 99));
        // Ages are uniform in the band: 65..99 averages 82.
        Assert.InRange(cases.Age.Average(), 81.7, 82.3);
    }

    [Fact]
    public void Simulate_DiseaseAndAge_SexFollowsTheFactors()
    {
        // Angina among the old: women 0.5 x 0.2/1.0, men 0.5 x 0.4/1.2 (the male factor is 2).
        var male = 0.5 * 0.4 / 1.2 / (0.5 * 0.2 / 1.0 + 0.5 * 0.4 / 1.2);

        var cases = new CaseSimulator(Kb).Simulate(40_000, 2, "disease = Angina and age >= 40");

        Assert.InRange(cases.Sex.Count(s => s == 1) / 40_000.0, male - 0.01, male + 0.01);
    }

    [Fact]
    public void Simulate_FindingPresent_DiseasesFollowBayes()
    {
        var flu = CaseSimulatorTests.FluShare * 0.9;
        var cold = CaseSimulatorTests.ColdShare * 0.2;
        var expected = flu / (flu + cold);

        var conditions = CaseConditions.Parse(Kb, "fever = 1");
        var cases = new CaseSimulator(Kb).Simulate(100_000, 3, conditions);

        var fever = Kb.Columns.ToList().IndexOf("fever");
        Assert.All(Enumerable.Range(0, cases.Count), i => Assert.Contains(fever, cases.ColumnsOf(i).ToArray()));
        Assert.Equal(expected, ExpectedFrequencies.Of(Kb, conditions).Diseases[0], 12);
        Assert.InRange(cases.Disease.Count(d => d == 0) / 100_000.0, expected - 0.004, expected + 0.004);
        Assert.Equal(flu + cold, conditions.Probability, 12);
    }

    [Fact]
    public void Simulate_GatedFindingAbsent_MatchesDiscardingUnconditionedCases()
    {
        // "pain = 0" leaves the gated findings absent; the cells are re-weighted by 1 - P(pain).
        var simulator = new CaseSimulator(Kb);
        var conditional = simulator.Simulate(60_000, 5, "pain = 0 and age >= 40");
        var all = simulator.Simulate(400_000, 6);
        var pain = Kb.Columns.ToList().IndexOf("pain");
        var kept = Enumerable.Range(0, all.Count).Where(i => all.Age[i] >= 40 && !all.ColumnsOf(i).Contains(pain)).ToList();

        AssertMatchesDiscarding(conditional, all, kept);
        Assert.DoesNotContain(pain, conditional.Columns);
    }

    [Fact]
    public void Simulate_ChildFindingRequired_TurnsItsGateOn()
    {
        // Only the angina patients who smoke, or any with a given gate: here "pain" is needed for "where" columns.
        var cases = new CaseSimulator(Kb).Simulate(10_000, 8, "pain = 1 and smoker = 1");

        Assert.All(cases.Disease, d => Assert.Equal(1, d));
        var pain = Kb.Columns.ToList().IndexOf("pain");
        Assert.All(Enumerable.Range(0, cases.Count), i => Assert.Contains(pain, cases.ColumnsOf(i).ToArray()));
    }

    [Fact]
    public void Parse_ConditionNoCaseMeets_SaysSo()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "disease = 'Common cold' and pain = 1"));

        Assert.Contains("No case can meet \"disease = 'Common cold' and pain = 1\"", e.Message);
    }

    [Fact]
    public void Parse_MistypedDisease_SuggestsTheName()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "disease = Anigna"));

        Assert.Contains("Did you mean 'Angina'?", e.Message);
        Assert.Contains("knowledge base", e.Message);
    }

    [Fact]
    public void Parse_AgeOutsideEveryBand_CannotBeMet()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "age > 120"));

        Assert.Contains("cannot be met", e.Message);
    }

    [Fact]
    public void Simulate_CategoricalValue_EveryCaseHasItAndDiseasesFollowBayes()
    {
        // intensity = 2: Flu has pain 0.3, intensity present 0.5, value 2 with share 0.3; Angina pain 0.95, intensity
        // always, value 2 with share 0.4. The common cold has no intensity.
        var flu = CaseSimulatorTests.FluShare * 0.3 * 0.5 * 0.3;
        var angina = CaseSimulatorTests.AnginaShare * 0.95 * 1 * 0.4;

        var conditions = CaseConditions.Parse(Kb, "intensity = 2");
        var cases = new CaseSimulator(Kb).Simulate(100_000, 9, conditions);

        var columns = Kb.Columns.ToList();
        var (pain, two) = (columns.IndexOf("pain"), columns.IndexOf("intensity_@_2"));
        var otherValues = new[] { columns.IndexOf("intensity_@_1"), columns.IndexOf("intensity_@_3") };
        Assert.All(Enumerable.Range(0, cases.Count), i =>
        {
            var found = cases.ColumnsOf(i).ToArray();
            Assert.Contains(pain, found);
            Assert.Contains(two, found);
            Assert.DoesNotContain(found, otherValues.Contains);
        });
        Assert.Equal(flu + angina, conditions.Probability, 12);
        Assert.InRange(cases.Disease.Count(d => d == 0) / 100_000.0, flu / (flu + angina) - 0.005, flu / (flu + angina) + 0.005);
        Assert.DoesNotContain(2, cases.Disease);
        var expected = ExpectedFrequencies.Of(Kb, conditions);
        Assert.Equal(1, expected.Columns[two], 12);
        Assert.Equal(0, expected.Columns[otherValues[0]], 12);
    }

    [Fact]
    public void Simulate_CategoricalValueNotEqual_MatchesDiscardingUnconditionedCases()
    {
        var simulator = new CaseSimulator(Kb);
        var conditional = simulator.Simulate(60_000, 10, "intensity != 3");
        var all = simulator.Simulate(400_000, 11);
        var columns = Kb.Columns.ToList();
        var allowed = new[] { columns.IndexOf("intensity_@_1"), columns.IndexOf("intensity_@_2") };
        var kept = Enumerable.Range(0, all.Count).Where(i => all.ColumnsOf(i).ToArray().Any(allowed.Contains)).ToList();

        AssertMatchesDiscarding(conditional, all, kept);
    }

    [Fact]
    public void Parse_CategoricalValueNoDiseaseGives_CannotBeMet()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "disease = Flu and intensity = 3"));

        Assert.Contains("No case can meet", e.Message);
    }

    [Fact]
    public void Parse_ClausesThatExcludeEachOther_CannotBeMet()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "intensity = 2 and intensity = 3"));

        Assert.Contains("cannot be met", e.Message);
    }

    [Fact]
    public void Simulate_MultiChoiceAnswer_MatchesBayesAndDiscardingUnconditionedCases()
    {
        // where = back: Flu (pain 0.3) gives back with 0.3 among answers drawn with at least one of head 0.8, back 0.3;
        // Angina (pain 0.95) with 0.2 among chest 0.9, back 0.2.
        var flu = CaseSimulatorTests.FluShare * 0.3 * (0.3 / (1 - 0.2 * 0.7));
        var angina = CaseSimulatorTests.AnginaShare * 0.95 * (0.2 / (1 - 0.1 * 0.8));
        var simulator = new CaseSimulator(Kb);

        var conditions = CaseConditions.Parse(Kb, "where = back");
        var conditional = simulator.Simulate(60_000, 12, conditions);
        var all = simulator.Simulate(400_000, 13);

        var columns = Kb.Columns.ToList();
        var back = columns.IndexOf("where_@_back");
        Assert.All(Enumerable.Range(0, conditional.Count), i => Assert.Contains(back, conditional.ColumnsOf(i).ToArray()));
        Assert.Equal(flu + angina, conditions.Probability, 12);
        var kept = Enumerable.Range(0, all.Count).Where(i => all.ColumnsOf(i).Contains(back)).ToList();
        AssertMatchesDiscarding(conditional, all, kept);
        var counts = new double[columns.Count];
        foreach (var c in conditional.Columns) counts[c]++;
        var expected = ExpectedFrequencies.Of(Kb, conditions);
        for (var c = 0; c < counts.Length; c++) Assert.InRange(counts[c] / conditional.Count - expected.Columns[c], -0.01, 0.01);
        Assert.InRange(conditional.Disease.Count(d => d == 0) / 60_000.0 - flu / (flu + angina), -0.01, 0.01);
    }

    [Fact]
    public void Parse_MultiChoiceFindingExcluded_SaysOnlyOneAnswerCanBeAskedFor()
    {
        var e = Assert.Throws<CasesException>(() => CaseConditions.Parse(Kb, "where != head"));

        Assert.Contains("multi-choice", e.Message);
        Assert.Contains("not exclude values", e.Message);
    }

    /// <summary>
    /// The conditional cases against the unconditioned ones that meet the condition (<paramref name="kept"/>):
    /// disease shares and every one-hot column's frequency agree within sampling error.
    /// </summary>
    private static void AssertMatchesDiscarding(CaseBatch conditional, CaseBatch all, IReadOnlyList<int> kept)
    {
        for (var d = 0; d < Kb.DiseaseCount; d++)
        {
            var a = conditional.Disease.Count(x => x == d) / (double)conditional.Count;
            var b = kept.Count(i => all.Disease[i] == d) / (double)kept.Count;
            Assert.InRange(a - b, -0.015, 0.015);
        }
        var counts = new double[Kb.Columns.Count];
        foreach (var c in conditional.Columns) counts[c]++;
        var rejected = new double[Kb.Columns.Count];
        foreach (var i in kept) foreach (var c in all.ColumnsOf(i)) rejected[c]++;
        for (var c = 0; c < counts.Length; c++)
            Assert.InRange(counts[c] / conditional.Count - rejected[c] / kept.Count, -0.015, 0.015);
    }
}
