namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// Per evidence, pooled over every pathology that lists it: how many patients could have had it, how many did,
/// and how often each answer was given. The m-estimates of one pathology shrink towards these.
/// </summary>
internal sealed class PooledRates
{
    private readonly Dictionary<string, EvidenceCount> pooled = new(StringComparer.Ordinal);

    public static PooledRates Of(DdxPlusRelease release, DdxPlusCounts counts)
    {
        var rates = new PooledRates();
        for (var d = 0; d < release.Pathologies.Count; d++)
        {
            var evidences = release.Pathologies[d].Evidences;
            for (var i = 0; i < evidences.Count; i++)
            {
                if (!rates.pooled.TryGetValue(evidences[i], out var sum)) rates.pooled[evidences[i]] = sum = new EvidenceCount();
                sum.Add(counts.Evidence[d][i]);
            }
        }
        return rates;
    }

    /// <summary>The pooled chance of being present; one half when no patient could have had it.</summary>
    public double Rate(string id) =>
        pooled.TryGetValue(id, out var c) && c.Eligible > 0 ? (double)c.Present / c.Eligible : 0.5;

    /// <summary>How often each answer was given among pooled patients who had the evidence.</summary>
    public int Answered(string id, string value) =>
        pooled.TryGetValue(id, out var c) ? c.Answers.GetValueOrDefault(value) : 0;

    /// <summary>Pooled patients who had the evidence and whose answers are counted.</summary>
    public int AnswersFrom(string id) => pooled.TryGetValue(id, out var c) ? c.AnswersFrom : 0;
}
