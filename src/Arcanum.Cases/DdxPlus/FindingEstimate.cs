using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.DdxPlus;

/// <summary>One pathology's numbers for one evidence, as m-estimates from its patients towards the pooled rates.</summary>
internal static class FindingEstimate
{
    private const double M = DdxPlusKnowledgeBuilder.PseudoCount;

    public static DiseaseFinding Of(DdxPlusEvidence evidence, EvidenceCount count, PooledRates pooled)
    {
        var p = (count.Present + M * pooled.Rate(evidence.Id)) / (count.Eligible + M);
        return new DiseaseFinding
        {
            Id = evidence.Id,
            P = DdxPlusKnowledgeBuilder.Round(p),
            Values = evidence.DataType == 'B' ? null : Values(evidence, count, pooled),
            Estimated = new Estimate(count.Eligible, count.Present),
        };
    }

    private static Dictionary<string, double> Values(DdxPlusEvidence evidence, EvidenceCount count, PooledRates pooled)
    {
        var values = evidence.Values;
        var given = values.ToDictionary(v => v, v => count.Answers.GetValueOrDefault(v), StringComparer.Ordinal);
        var answered = count.AnswersFrom;
        var pooledPresent = pooled.AnswersFrom(evidence.Id);
        if (evidence.DataType == 'C')
        {
            // Laplace on the pooled shares, so an answer no pathology's patient gave keeps a little weight.
            var shares = values.ToDictionary(v => v,
                v => (given[v] + M * (pooled.Answered(evidence.Id, v) + 1.0) / (pooledPresent + values.Count)) / (answered + M),
                StringComparer.Ordinal);
            var total = shares.Values.Sum();
            return shares.ToDictionary(s => s.Key, s => DdxPlusKnowledgeBuilder.Round(s.Value / total), StringComparer.Ordinal);
        }
        return values.ToDictionary(v => v,
            v => DdxPlusKnowledgeBuilder.Round((given[v] + M * (pooled.Answered(evidence.Id, v) + 0.5) / (pooledPresent + 1.0)) / (answered + M)),
            StringComparer.Ordinal);
    }
}
