using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arcanum.Core.IO;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// Simulated against expected frequencies, per disease and per one-hot column. A difference is flagged when it
/// exceeds 4 binomial standard errors (plus 0.001 for rounding): with about a thousand columns, a correct sampler
/// flags none or almost none.
/// </summary>
public sealed record FrequencyReport(
    int Cases,
    string Condition,
    double ConditionProbability,
    double Seconds,
    IReadOnlyList<FrequencyRow> Diseases,
    IReadOnlyList<FrequencyRow> Columns)
{
    public double CasesPerSecond => Seconds > 0 ? Cases / Seconds : double.PositiveInfinity;

    public int Flagged => Diseases.Count(r => r.Flagged) + Columns.Count(r => r.Flagged);

    public FrequencyRow WorstDisease => Diseases.MaxBy(r => Math.Abs(r.Difference))!;

    public FrequencyRow WorstColumn => Columns.MaxBy(r => Math.Abs(r.Difference))!;

    public static FrequencyReport Build(CompiledKnowledgeBase kb, CaseConditions conditions, CaseBatch cases, double seconds)
    {
        var (expectedDiseases, expectedColumns) = ExpectedFrequencies.Of(kb, conditions);
        var diseaseCounts = new int[kb.DiseaseCount];
        foreach (var d in cases.Disease) diseaseCounts[d]++;
        var columnCounts = new int[kb.Columns.Count];
        foreach (var c in cases.Columns) columnCounts[c]++;
        var n = cases.Count;
        return new FrequencyReport(n, conditions.Text, conditions.Probability, seconds,
            [.. kb.Diseases.Select((d, i) => Row(d.Name, expectedDiseases[i], diseaseCounts[i], n))],
            [.. kb.Columns.Select((c, i) => Row(c, expectedColumns[i], columnCounts[i], n))]);
    }

    private static FrequencyRow Row(string name, double expected, int count, int n)
    {
        var simulated = n == 0 ? 0 : (double)count / n;
        var error = n == 0 ? 0 : Math.Sqrt(expected * (1 - expected) / n);
        return new FrequencyRow(name, expected, simulated, Math.Abs(simulated - expected) > 4 * error + 0.001);
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>The lines printed after a run.</summary>
    public IEnumerable<string> Summary()
    {
        var c = CultureInfo.InvariantCulture;
        var condition = Condition.Length > 0
            ? string.Create(c, $", condition \"{Condition}\" (probability {ConditionProbability:G3} of all cases)")
            : "";
        yield return string.Create(c, $"{Cases:N0} cases in {Seconds:0.00} s ({CasesPerSecond:N0} cases/s){condition}");
        yield return string.Create(c, $"Largest disease difference: {WorstDisease.Name} simulated {WorstDisease.Simulated:0.0000} vs knowledge base {WorstDisease.Expected:0.0000}");
        yield return string.Create(c, $"Largest finding difference: {WorstColumn.Name} simulated {WorstColumn.Simulated:0.0000} vs knowledge base {WorstColumn.Expected:0.0000}");
        yield return string.Create(c, $"Beyond 4 standard errors: {Flagged} of {Diseases.Count + Columns.Count} frequencies");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>One frequency: what the knowledge base implies, what the cases show, and whether they disagree.</summary>
public sealed record FrequencyRow(string Name, double Expected, double Simulated, bool Flagged)
{
    public double Difference => Simulated - Expected;
}
