using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.DdxPlus;

/// <summary>One pathology's numbers for one evidence, as m-estimates from its patients towards the pooled rates.</summary>
internal static class FindingEstimate
{
    private const double M = DdxPlusKnowledgeBuilder.PseudoCount;

    public static DiseaseFinding Of(DdxPlusEvidence evidence, DdxPlusPathology pathology, List<Record> patients, PooledRates pooled)
    {
        var eligible = patients.Where(r => PooledRates.Eligible(evidence, pathology, r)).ToList();
        var present = eligible.Where(r => r.Present.Contains(evidence.Id)).ToList();
        var p = (present.Count + M * pooled.Rate(evidence.Id)) / (eligible.Count + M);
        return new DiseaseFinding
        {
            Id = evidence.Id,
            P = DdxPlusKnowledgeBuilder.Round(p),
            Values = evidence.DataType == 'B' ? null : Values(evidence, present, pooled),
            Estimated = new Estimate(eligible.Count, present.Count),
        };
    }

    private static Dictionary<string, double> Values(DdxPlusEvidence evidence, List<Record> present, PooledRates pooled)
    {
        var values = evidence.Values;
        var given = values.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
        foreach (var r in present)
        {
            foreach (var v in r.Answers.GetValueOrDefault(evidence.Id) ?? []) if (given.ContainsKey(v)) given[v]++;
        }
        var pooledPresent = pooled.Present(evidence.Id);
        if (evidence.DataType == 'C')
        {
            // Laplace on the pooled shares, so an answer no pathology's patient gave keeps a little weight.
            var shares = values.ToDictionary(v => v,
                v => (given[v] + M * (pooled.Answered(evidence.Id, v) + 1.0) / (pooledPresent + values.Count)) / (present.Count + M),
                StringComparer.Ordinal);
            var total = shares.Values.Sum();
            return shares.ToDictionary(s => s.Key, s => DdxPlusKnowledgeBuilder.Round(s.Value / total), StringComparer.Ordinal);
        }
        return values.ToDictionary(v => v,
            v => DdxPlusKnowledgeBuilder.Round((given[v] + M * (pooled.Answered(evidence.Id, v) + 0.5) / (pooledPresent + 1.0)) / (present.Count + M)),
            StringComparer.Ordinal);
    }
}
