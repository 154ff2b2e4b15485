namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// Per evidence, pooled over the patients of every pathology that lists it (and whose gate, where the pathology
/// lists one, was present): how many could have had it, how many did, and how often each answer was given.
/// The m-estimates of one pathology shrink towards these.
/// </summary>
internal sealed class PooledRates
{
    private readonly Dictionary<string, (int Eligible, int Present)> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> answers = new(StringComparer.Ordinal);

    public static PooledRates Of(DdxPlusRelease release, List<Record> records)
    {
        var pooled = new PooledRates();
        var byDisease = records.ToLookup(r => r.Disease);
        for (var d = 0; d < release.Pathologies.Count; d++)
        {
            var pathology = release.Pathologies[d];
            foreach (var id in pathology.Evidences)
            {
                var evidence = release.Evidences.First(e => e.Id == id);
                foreach (var r in byDisease[d].Where(r => Eligible(evidence, pathology, r)))
                    pooled.Count(id, r);
            }
        }
        return pooled;
    }

    /// <summary>Asked of this patient: no gate in force for the pathology, or the gate was present.</summary>
    public static bool Eligible(DdxPlusEvidence evidence, DdxPlusPathology pathology, Record r) =>
        evidence.Gate is null || !pathology.Evidences.Contains(evidence.Gate) || r.Present.Contains(evidence.Gate);

    /// <summary>The pooled chance of being present; one half when no patient could have had it.</summary>
    public double Rate(string id) =>
        counts.TryGetValue(id, out var c) && c.Eligible > 0 ? (double)c.Present / c.Eligible : 0.5;

    /// <summary>How often each answer was given among pooled patients who had the evidence.</summary>
    public int Answered(string id, string value) =>
        answers.TryGetValue(id, out var a) && a.TryGetValue(value, out var n) ? n : 0;

    /// <summary>Pooled patients who had the evidence.</summary>
    public int Present(string id) => counts.TryGetValue(id, out var c) ? c.Present : 0;

    private void Count(string id, Record r)
    {
        var has = r.Present.Contains(id);
        counts[id] = counts.TryGetValue(id, out var c) ? (c.Eligible + 1, c.Present + (has ? 1 : 0)) : (1, has ? 1 : 0);
        if (!has || !r.Answers.TryGetValue(id, out var given)) return;
        if (!answers.TryGetValue(id, out var a)) answers[id] = a = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in given) a[value] = a.GetValueOrDefault(value) + 1;
    }
}
