using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// <see cref="DdxPlusCounts"/> as they travel between a site, the server and an admin: keyed by pathology name,
/// evidence id and answer value instead of release positions, so the server adds sites' counts without holding the
/// release (<see cref="Sum"/>), and the admin maps the total onto its own copy (<see cref="ToCounts"/>), where a name
/// its copy lacks is an error, never a silent zero. Only counts a site released under its minimum count are in it.
/// Wire format: protos/arcanum/v1/schemas/counts-answer.schema.json.
/// </summary>
public sealed class DdxPlusCountsDocument
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "ddxplus-counts/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    private static readonly int[][] DefaultBands = [.. DdxPlusKnowledgeBuilder.DefaultBands.Select(b => new[] { b.Min, b.Max })];

    public string Format { get; init; } = FormatName;

    /// <summary>The age bands every site counts in (<see cref="DdxPlusKnowledgeBuilder.DefaultBands"/>), as [min, max] years.</summary>
    public int[][] AgeBands { get; init; } = [.. DefaultBands.Select(b => b.ToArray())];

    /// <summary>Groups of counts withheld under a minimum count (summed over sites).</summary>
    public int Withheld { get; set; }

    /// <summary>By pathology name; pathologies with no released patients are left out.</summary>
    public SortedDictionary<string, PathologyEntry> Pathologies { get; init; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public int Patients => Pathologies.Values.Sum(p => p.Patients);

    public sealed class PathologyEntry
    {
        public int Patients { get; set; }

        /// <summary>Patients per age band, in <see cref="AgeBands"/> order (all zero when withheld).</summary>
        public int[] AgeBands { get; init; } = [];

        public int Female { get; set; }

        public int Male { get; set; }

        /// <summary>By evidence id, for the evidences the site released for this pathology.</summary>
        public SortedDictionary<string, EvidenceEntry> Evidences { get; init; } = new(StringComparer.Ordinal);
    }

    public sealed class EvidenceEntry
    {
        public int Eligible { get; set; }

        public int Present { get; set; }

        public int AnswersFrom { get; set; }

        public SortedDictionary<string, int> Answers { get; init; } = new(StringComparer.Ordinal);
    }

    /// <summary>The document of <paramref name="counts"/>, whose positions are <paramref name="release"/>'s.</summary>
    public static DdxPlusCountsDocument From(DdxPlusRelease release, DdxPlusCounts counts)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(counts);
        var pathologies = new SortedDictionary<string, PathologyEntry>(StringComparer.Ordinal);
        for (var d = 0; d < release.Pathologies.Count; d++)
        {
            if (counts.Patients[d] == 0) continue;
            var pathology = release.Pathologies[d];
            var evidences = new SortedDictionary<string, EvidenceEntry>(StringComparer.Ordinal);
            for (var i = 0; i < pathology.Evidences.Count; i++)
            {
                var c = counts.Evidence[d][i];
                if (c.Eligible == 0) continue;
                evidences[pathology.Evidences[i]] = new EvidenceEntry
                {
                    Eligible = c.Eligible, Present = c.Present, AnswersFrom = c.AnswersFrom,
                    Answers = new SortedDictionary<string, int>(c.Answers, StringComparer.Ordinal),
                };
            }
            pathologies[pathology.Name] = new PathologyEntry
            {
                Patients = counts.Patients[d], AgeBands = counts.Band.AsSpan(d * counts.Bands, counts.Bands).ToArray(),
                Female = counts.Female[d], Male = counts.Male[d], Evidences = evidences,
            };
        }
        return new DdxPlusCountsDocument { Withheld = counts.Withheld, Pathologies = pathologies };
    }

    /// <summary>Every document's counts added up, name by name.</summary>
    /// <exception cref="CasesException">The documents count in other age bands, or a total overflows.</exception>
    public static DdxPlusCountsDocument Sum(IEnumerable<DdxPlusCountsDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        try
        {
            return Add(documents);
        }
        catch (OverflowException)
        {
            throw new CasesException("The sites' counts add up to more than a count can hold; one of them is not a real count.");
        }
    }

    private static DdxPlusCountsDocument Add(IEnumerable<DdxPlusCountsDocument> documents)
    {
        var total = new DdxPlusCountsDocument();
        // Checked: a site could send counts that wrap a total around to a negative number.
        checked
        {
            foreach (var document in documents)
            {
                if (!SameBands(document.AgeBands, total.AgeBands))
                    throw new CasesException("Sites counted in different age bands; their counts cannot be added.");
                total.Withheld += document.Withheld;
                foreach (var (name, p) in document.Pathologies)
                {
                    if (!total.Pathologies.TryGetValue(name, out var t)) total.Pathologies[name] = t = new PathologyEntry { AgeBands = new int[total.AgeBands.Length] };
                    t.Patients += p.Patients;
                    t.Female += p.Female;
                    t.Male += p.Male;
                    for (var b = 0; b < t.AgeBands.Length; b++) t.AgeBands[b] += p.AgeBands[b];
                    foreach (var (id, e) in p.Evidences)
                    {
                        if (!t.Evidences.TryGetValue(id, out var te)) t.Evidences[id] = te = new EvidenceEntry();
                        te.Eligible += e.Eligible;
                        te.Present += e.Present;
                        te.AnswersFrom += e.AnswersFrom;
                        foreach (var (value, n) in e.Answers) te.Answers[value] = te.Answers.GetValueOrDefault(value) + n;
                    }
                }
            }
        }
        return total;
    }

    /// <summary>The counts in <paramref name="release"/>'s positions.</summary>
    /// <exception cref="CasesException">The document names a pathology, a link or an answer the release does not have.</exception>
    public DdxPlusCounts ToCounts(DdxPlusRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (!SameBands(AgeBands, DefaultBands))
            throw new CasesException($"The counts use age bands {Bands(AgeBands)}; this version counts in {Bands(DefaultBands)}.");
        var counts = DdxPlusCounts.Empty(release);
        counts.AddWithheld(Withheld);
        var byName = release.PathologyByName();
        var evidenceById = release.Evidences.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var (name, p) in Pathologies)
        {
            if (!byName.TryGetValue(name, out var d))
                throw new CasesException($"The counts name pathology '{name}', which this release does not have: the sites and this release are not the same DDXPlus version.");
            var pathology = release.Pathologies[d];
            var position = pathology.Evidences.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
            counts.Patients[d] += p.Patients;
            counts.Female[d] += p.Female;
            counts.Male[d] += p.Male;
            for (var b = 0; b < counts.Bands; b++) counts.Band[d * counts.Bands + b] += p.AgeBands[b];
            foreach (var (id, e) in p.Evidences)
            {
                if (!position.TryGetValue(id, out var i))
                    throw new CasesException($"The counts link evidence '{id}' to '{name}', which this release does not: the sites and this release are not the same DDXPlus version.");
                var evidence = evidenceById[id];
                if (e.Answers.Keys.FirstOrDefault(v => evidence.Values.Count > 0 && !evidence.Values.Contains(v)) is { } unknown)
                    throw new CasesException($"The counts hold answer '{unknown}' to evidence '{id}', which this release does not list.");
                counts.Evidence[d][i].Add(new EvidenceCount(e.Eligible, e.Present, e.AnswersFrom, e.Answers));
            }
        }
        return counts;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="CasesException">Not a counts document of this format, or a count is negative or inconsistent.</exception>
    public static DdxPlusCountsDocument Parse(string json)
    {
        DdxPlusCountsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<DdxPlusCountsDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw new CasesException($"Not a DDXPlus counts document: {e.Message}", e);
        }
        if (document is null || document.Format != FormatName)
            throw new CasesException($"Not a DDXPlus counts document: the format must be '{FormatName}'.");
        if (document.Withheld < 0) throw new CasesException("A counts document has a negative withheld count.");
        if (document.AgeBands is null || !SameBands(document.AgeBands, DefaultBands))
            throw new CasesException($"A counts document must count in the age bands {Bands(DefaultBands)}.");
        foreach (var (name, p) in document.Pathologies)
        {
            if (p is null || p.Patients < 0 || p.Female < 0 || p.Male < 0 || p.AgeBands is null || p.AgeBands.Length != document.AgeBands.Length || p.AgeBands.Any(n => n < 0)
                || p.Evidences is null)
                throw new CasesException($"The counts of '{name}' are negative or incomplete (one count per age band is required).");
            foreach (var (id, e) in p.Evidences)
            {
                if (e is null || e.Eligible < 0 || e.Present < 0 || e.Present > e.Eligible || e.AnswersFrom < 0 || e.AnswersFrom > e.Present || e.Answers is null || e.Answers.Values.Any(n => n < 0))
                    throw new CasesException($"The counts of evidence '{id}' for '{name}' are negative or inconsistent (present must be at most eligible).");
            }
        }
        return document;
    }

    private static bool SameBands(int[][] a, int[][] b) => a.Length == b.Length && a.Zip(b).All(x => x.First.AsSpan().SequenceEqual(x.Second));

    private static string Bands(int[][] bands) => string.Join(", ", bands.Select(b => string.Join("-", b)));
}
