using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// What the knowledge base says the simulated frequencies should be under a condition: the share of each disease
/// and of each one-hot column, computed exactly from the cells (no sampling), for the report to compare against.
/// </summary>
public static class ExpectedFrequencies
{
    public static (double[] Diseases, double[] Columns) Of(CompiledKnowledgeBase kb, CaseConditions conditions)
    {
        var diseases = new double[kb.DiseaseCount];
        var columns = new double[kb.Columns.Count];
        var present = new double[kb.FindingCount];
        var constrainedCount = conditions.ConstrainedCount;
        for (var cell = 0; cell < kb.CellCount; cell++)
        {
            var weight = conditions.CellWeights[cell];
            if (weight == 0) continue;
            var (_, _, d) = kb.Split(cell);
            diseases[d] += weight;
            var f0 = d * kb.FindingCount;
            foreach (var f in kb.Linked[d])
            {
                var parent = kb.Parent[f0 + f];
                var r = constrainedCount == 0 ? -1 : conditions.Constrained[f];
                var p = r < 0 ? kb.Present[cell * kb.FindingCount + f] : conditions.Posterior[cell * constrainedCount + r];
                present[f] = (parent < 0 ? 1 : present[parent]) * p;
                if (kb.Findings[f].Type == FindingType.Binary)
                {
                    columns[kb.ColumnStart[f]] += weight * present[f];
                    continue;
                }
                var shares = kb.ValueShare[f0 + f];
                var scale = 1.0;
                if (conditions.ValueShares(f0 + f) is { } restricted)
                    (shares, scale) = (restricted, restricted.Sum() is > 0 and var sum ? 1 / sum : 0);
                else if (conditions.RequiredAnswer(f) is >= 0 and var answer)
                    shares = [.. kb.MultiQ![f0 + f].Select((q, k) => k == answer ? 1 : q)];
                for (var k = 0; k < shares.Length; k++) columns[kb.ColumnStart[f] + k] += weight * present[f] * shares[k] * scale;
            }
            foreach (var f in kb.Linked[d]) present[f] = 0;
        }
        return (diseases, columns);
    }
}
