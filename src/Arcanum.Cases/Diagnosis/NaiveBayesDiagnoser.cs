using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Simulation;

namespace Arcanum.Cases.Diagnosis;

/// <summary>
/// The knowledge base read directly as a diagnoser (an "expert system"): the posterior of each disease given age,
/// sex and the findings shown, with findings independent given the disease and gating respected. A finding a
/// disease never has counts as probability 1e-4, not 0, so one unexpected answer does not rule a disease out.
/// </summary>
public sealed class NaiveBayesDiagnoser
{
    private const double Floor = 1e-4;
    private readonly CompiledKnowledgeBase kb;
    private readonly bool[] shown;

    public NaiveBayesDiagnoser(CompiledKnowledgeBase kb, FindingSet set)
    {
        this.kb = kb;
        shown = [.. kb.Findings.Select(f => set.Contains(f.Kind))];
    }

    /// <summary>Log-posterior (up to a constant) of each disease for one case.</summary>
    /// <param name="age">Years.</param>
    /// <param name="sex">0 female, 1 male.</param>
    /// <param name="columns">The one-hot columns set for the case (any order).</param>
    public double[] Scores(int age, int sex, ReadOnlySpan<int> columns)
    {
        var f = kb.FindingCount;
        var present = new bool[f];
        var set = new bool[kb.Columns.Count];
        foreach (var c in columns)
        {
            set[c] = true;
            present[kb.ColumnFinding[c]] = true;
        }
        var band = Math.Max(0, kb.Bands.ToList().FindLastIndex(b => age >= b.Min));
        var scores = new double[kb.DiseaseCount];
        var marginal = new double[f];
        for (var d = 0; d < kb.DiseaseCount; d++)
        {
            var cell = CompiledKnowledgeBase.Cell(band, sex, d, kb.DiseaseCount);
            var score = Math.Log(Math.Max(kb.CellWeights[cell], 1e-300));
            // Findings come in gate order, so a gate's marginal is known before the findings it gates.
            for (var i = 0; i < f; i++)
            {
                var parent = kb.Parent[d * f + i];
                var p = kb.Present[cell * f + i];
                marginal[i] = (parent < 0 ? 1 : marginal[parent]) * p;
                if (!shown[i]) continue;
                if (parent >= 0 && shown[parent])
                {
                    // The gate was seen: absent means this one was never asked.
                    if (!present[parent]) continue;
                }
                else
                {
                    p = marginal[i];
                }
                score += Math.Log(Math.Max(present[i] ? p : 1 - p, Floor));
                if (present[i] && kb.Findings[i].Type != FindingType.Binary) score += ValueScore(d, i, set);
            }
            scores[d] = score;
        }
        return scores;
    }

    private double ValueScore(int d, int finding, bool[] set)
    {
        var key = d * kb.FindingCount + finding;
        var start = kb.ColumnStart[finding];
        var shares = kb.ValueShare[key];
        if (shares is null) return Math.Log(Floor);
        if (kb.Findings[finding].Type == FindingType.Categorical)
        {
            for (var k = 0; k < shares.Length; k++) if (set[start + k]) return Math.Log(Math.Max(shares[k], Floor));
            return Math.Log(Floor);
        }
        var q = kb.MultiQ![key];
        double score = 0, none = 1;
        for (var k = 0; k < q.Length; k++)
        {
            none *= 1 - q[k];
            score += Math.Log(Math.Max(set[start + k] ? q[k] : 1 - q[k], Floor));
        }
        return score - Math.Log(Math.Max(1 - none, Floor));
    }
}
