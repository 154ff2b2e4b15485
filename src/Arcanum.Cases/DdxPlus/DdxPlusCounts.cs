namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// Everything the DDXPlus estimator reads, as counts: per pathology its patients, their age bands and sexes, and
/// per linked evidence the <see cref="EvidenceCount"/>. Counts from several sites add up (<see cref="Sum"/>) to
/// exactly the counts of their pooled patients, so frequencies can be fitted federatedly: each site counts its own
/// records and releases only <see cref="Guarded"/> counts.
/// </summary>
public sealed class DdxPlusCounts
{
    internal DdxPlusCounts(int diseases, int bands)
    {
        Bands = bands;
        Patients = new int[diseases];
        Band = new int[diseases * bands];
        Female = new int[diseases];
        Male = new int[diseases];
        Evidence = new EvidenceCount[diseases][];
    }

    public int Bands { get; }

    /// <summary>[disease]: patients.</summary>
    public int[] Patients { get; }

    /// <summary>[disease * bands + band]: patients per age band (all zero for a disease whose bands were withheld).</summary>
    public int[] Band { get; }

    public int[] Female { get; }

    public int[] Male { get; }

    /// <summary>[disease][i]: the disease's i-th linked evidence, in release order.</summary>
    public EvidenceCount[][] Evidence { get; }

    /// <summary>Groups of counts a site withheld under its minimum count.</summary>
    public int Withheld { get; private set; }

    public int Total => Patients.Sum();

    internal void AddWithheld(int groups) => Withheld += groups;

    /// <summary>The counts of some patients (one site's, or the estimating split).</summary>
    /// <exception cref="CasesException">A patient names a pathology or evidence the release does not have.</exception>
    public static DdxPlusCounts Of(DdxPlusRelease release, IEnumerable<DdxPlusPatient> patients)
    {
        var evidenceById = release.Evidences.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var diseaseOf = release.PathologyByName();
        var counts = Empty(release);
        foreach (var patient in patients)
        {
            var r = Record.Of(patient, diseaseOf, evidenceById);
            var d = r.Disease;
            counts.Patients[d]++;
            counts.Band[d * counts.Bands + BandOf(r.Age)]++;
            if (r.Female) counts.Female[d]++;
            else counts.Male[d]++;
            var pathology = release.Pathologies[d];
            for (var i = 0; i < pathology.Evidences.Count; i++)
            {
                var evidence = evidenceById[pathology.Evidences[i]];
                var gate = evidence.Gate is { } g && pathology.Evidences.Contains(g) ? g : null;
                if (gate is not null && !r.Present.Contains(gate)) continue;
                var count = counts.Evidence[d][i];
                count.Eligible++;
                if (!r.Present.Contains(evidence.Id)) continue;
                count.Present++;
                if (evidence.DataType == 'B') continue;
                count.AnswersFrom++;
                foreach (var value in r.Answers.GetValueOrDefault(evidence.Id) ?? [])
                    count.Answers[value] = count.Answers.GetValueOrDefault(value) + 1;
            }
        }
        return counts;
    }

    /// <summary>The counts of all sites' patients together.</summary>
    public static DdxPlusCounts Sum(DdxPlusRelease release, IEnumerable<DdxPlusCounts> sites)
    {
        var total = Empty(release);
        foreach (var site in sites)
        {
            for (var d = 0; d < total.Patients.Length; d++)
            {
                total.Patients[d] += site.Patients[d];
                total.Female[d] += site.Female[d];
                total.Male[d] += site.Male[d];
                for (var b = 0; b < total.Bands; b++) total.Band[d * total.Bands + b] += site.Band[d * total.Bands + b];
                for (var i = 0; i < total.Evidence[d].Length; i++) total.Evidence[d][i].Add(site.Evidence[d][i]);
            }
            total.Withheld += site.Withheld;
        }
        return total;
    }

    /// <summary>
    /// What a site may release under a minimum count <paramref name="k"/>: counts that add up to another released
    /// count (age bands to patients, women and men, had and did not have, each answer and the rest) are released
    /// whole or not at all, so no withheld count can be recovered by subtraction; a pathology with 1 to k-1
    /// patients is withheld whole, and an evidence whose gate's counts were withheld is withheld too.
    /// </summary>
    public DdxPlusCounts Guarded(DdxPlusRelease release, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var safe = Empty(release);
        safe.Withheld = Withheld;
        bool Small(int n) => n > 0 && n < k;
        for (var d = 0; d < Patients.Length; d++)
        {
            if (Small(Patients[d])) { safe.Withheld++; continue; }
            safe.Patients[d] = Patients[d];
            if (Enumerable.Range(0, Bands).Any(b => Small(Band[d * Bands + b]))) safe.Withheld++;
            else Array.Copy(Band, d * Bands, safe.Band, d * Bands, Bands);
            if (Small(Female[d]) || Small(Male[d])) safe.Withheld++;
            else (safe.Female[d], safe.Male[d]) = (Female[d], Male[d]);
            var pathology = release.Pathologies[d];
            var withheldIds = new HashSet<string>(StringComparer.Ordinal);
            // Gates come first in gate order, so a gate's decision is known when its evidences are decided.
            foreach (var i in GateOrder(release, pathology))
            {
                var evidence = release.Evidences.First(e => e.Id == pathology.Evidences[i]);
                var count = Evidence[d][i];
                if ((evidence.Gate is { } g && withheldIds.Contains(g)) || Small(count.Present) || Small(count.Eligible - count.Present))
                {
                    withheldIds.Add(evidence.Id);
                    safe.Withheld++;
                    continue;
                }
                var copy = safe.Evidence[d][i];
                copy.Eligible = count.Eligible;
                copy.Present = count.Present;
                // The rest (patients with the evidence but no counted answer, e.g. a malformed row) must not be small either.
                var answersSafe = count.Answers.Values.All(n => !Small(n) && !(evidence.DataType == 'M' && Small(count.AnswersFrom - n)))
                    && (evidence.DataType == 'M' || !Small(count.AnswersFrom - count.Answers.Values.Sum()));
                if (!answersSafe) { safe.Withheld++; continue; }
                copy.AnswersFrom = count.AnswersFrom;
                foreach (var (value, n) in count.Answers) copy.Answers[value] = n;
            }
        }
        return safe;
    }

    internal static int BandOf(int age)
    {
        var bands = DdxPlusKnowledgeBuilder.DefaultBands;
        for (var b = bands.Count - 1; b > 0; b--) if (age >= bands[b].Min) return b;
        return 0;
    }

    /// <summary>The pathology's evidence positions, each gate in force before the evidences it gates.</summary>
    private static IEnumerable<int> GateOrder(DdxPlusRelease release, DdxPlusPathology pathology)
    {
        var byId = release.Evidences.ToDictionary(e => e.Id, StringComparer.Ordinal);
        int Depth(string id, int guard) =>
            guard > 0 && byId[id].Gate is { } g && pathology.Evidences.Contains(g) ? 1 + Depth(g, guard - 1) : 0;
        return Enumerable.Range(0, pathology.Evidences.Count)
            .OrderBy(i => Depth(pathology.Evidences[i], pathology.Evidences.Count));
    }

    internal static DdxPlusCounts Empty(DdxPlusRelease release)
    {
        var counts = new DdxPlusCounts(release.Pathologies.Count, DdxPlusKnowledgeBuilder.DefaultBands.Count);
        for (var d = 0; d < release.Pathologies.Count; d++)
            counts.Evidence[d] = [.. release.Pathologies[d].Evidences.Select(_ => new EvidenceCount())];
        return counts;
    }
}
