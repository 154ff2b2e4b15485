using System.Globalization;
using System.Text.RegularExpressions;
using Arcanum.Cases.Knowledge;
using Arcanum.Deid;
using Arcanum.Deid.Synthetic;

namespace Arcanum.Cases.Notes;

/// <summary>
/// Writes a synthetic clinical note for a simulated case: a header of identifiers, a history of present illness
/// from the case's age, sex and findings (phrased from the knowledge base's questions, in a shuffled order, with a
/// few pertinent negatives), past history from its antecedents, and an assessment naming its disease. Surrogate
/// identifiers (patient and clinician names, birth and visit dates, MRN, phone, address, hospital) come from the
/// de-identification corpus's generator and are labelled as they are inserted, so every span covers exactly its
/// surrogate. Notes are drawn in order from one seeded source: the same seed and cases give the same notes, and
/// the first N of a run are the notes a run with <c>--limit N</c> writes.
/// </summary>
public sealed partial class CaseNoteComposer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const int MaxNegatives = 3;

    private readonly Random random;
    private readonly NameSource names;
    private readonly Dictionary<string, (Finding Finding, int Order)> findings;
    private readonly Dictionary<string, Disease> diseases;

    /// <param name="kb">A validated knowledge base (as <see cref="KnowledgeBaseFile.Read"/> returns).</param>
    /// <param name="seed">The seed of every choice: surrogates, templates and sentence order.</param>
    public CaseNoteComposer(KnowledgeBase kb, int seed)
    {
        ArgumentNullException.ThrowIfNull(kb);
        random = new Random(seed);
        names = new NameSource(random);
        findings = kb.Findings.Select((f, i) => (f, i))
            .ToDictionary(x => x.f.Id, x => (x.f, x.i), StringComparer.Ordinal);
        diseases = kb.Diseases.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    /// <exception cref="CasesException">The case's id cannot name a file, or its disease, a finding or an answer
    /// is not in the knowledge base.</exception>
    public CaseNote Compose(CaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!SafeId().IsMatch(record.Id))
            throw new CasesException($"Case at row {record.Row}: its id must be letters, digits, '.', '-' or '_' "
                + "(it names the note's file).");
        if (!diseases.TryGetValue(record.Disease, out var disease))
            throw new CasesException(
                $"Case at row {record.Row}: disease '{record.Disease}' is not in the knowledge base.");
        var present = Present(record);
        var identity = NoteIdentity.Draw(names, random, record.Female);
        // Born so that the case's age is the age at the visit: a note whose DOB and age disagree is easy to spot.
        identity = identity with { Birth = identity.Visit.AddYears(-record.Age).AddDays(-random.Next(365)) };
        var text = new CaseNoteText(record, disease, identity, names, random);

        text.Header();
        text.History(Clusters(present, FindingKind.Symptom, FindingKind.Sign), Negatives(disease, present));
        text.Past(Clusters(present, FindingKind.History, FindingKind.Antecedent));
        text.Assessment();
        return new CaseNote($"case-{record.Id}.txt", text.Note.Text, [.. text.Note.Spans]);
    }

    /// <summary>
    /// The case's findings with their answers (empty for a binary one), checked against the knowledge base.
    /// </summary>
    private Dictionary<string, List<string>> Present(CaseRecord record)
    {
        var present = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var evidence in record.Evidences)
        {
            var at = evidence.IndexOf("_@_", StringComparison.Ordinal);
            var id = at < 0 ? evidence : evidence[..at];
            if (!findings.TryGetValue(id, out var known))
                throw new CasesException($"Case at row {record.Row}: finding '{id}' is not in the knowledge base.");
            if (!present.TryGetValue(id, out var values)) present[id] = values = [];
            if (at < 0) continue;
            var value = evidence[(at + 3)..];
            if (known.Finding.Values?.Contains(value) != true)
                throw new CasesException($"Case at row {record.Row}: '{value}' is not an answer of finding '{id}'.");
            values.Add(value);
        }
        foreach (var (id, values) in present)
        {
            var type = findings[id].Finding.Type;
            if (type == FindingType.Binary && values.Count > 0 || type != FindingType.Binary && values.Count == 0)
                throw new CasesException(
                    $"Case at row {record.Row}: finding '{id}' is {type.ToString().ToLowerInvariant()}, "
                    + (values.Count > 0 ? "so it takes no answer." : "so it needs an answer (id_@_value)."));
        }
        return present;
    }

    /// <summary>
    /// The present findings of the given kinds, each gate with the findings it gates after it (pain, then where and
    /// how intense), clusters in a shuffled order so no two notes list findings alike.
    /// </summary>
    private List<List<(Finding Finding, IReadOnlyList<string> Values)>> Clusters(
        Dictionary<string, List<string>> present, params FindingKind[] kinds)
    {
        var clusters = new Dictionary<string, List<(Finding, IReadOnlyList<string>, int)>>(StringComparer.Ordinal);
        foreach (var (id, values) in present)
        {
            var (finding, order) = findings[id];
            if (!kinds.Contains(finding.Kind)) continue;
            var root = id;
            while (findings[root].Finding.Gate is { } gate && present.ContainsKey(gate)) root = gate;
            if (!clusters.TryGetValue(root, out var cluster)) clusters[root] = cluster = [];
            cluster.Add((finding, values, order));
        }
        var ordered = clusters.OrderBy(c => findings[c.Key].Order)
            .Select(c => c.Value.OrderBy(x => x.Item1.Id == c.Key ? -1 : x.Item3)
                .Select(x => (x.Item1, x.Item2)).ToList())
            .ToArray();
        random.Shuffle(ordered);
        return [.. ordered];
    }

    /// <summary>
    /// A few binary symptoms the disease can have but this case lacks, asked of it (ungated or gate present).
    /// </summary>
    private List<Finding> Negatives(Disease disease, Dictionary<string, List<string>> present)
    {
        var candidates = disease.Findings
            .Select(link => findings.TryGetValue(link.Id, out var f) ? f.Finding : null)
            .OfType<Finding>()
            .Where(f => f.Type == FindingType.Binary && f.Kind is FindingKind.Symptom or FindingKind.Sign
                && !present.ContainsKey(f.Id) && (f.Gate is null || present.ContainsKey(f.Gate)))
            .ToArray();
        random.Shuffle(candidates);
        return [.. candidates.Take(random.Next(MaxNegatives + 1))];
    }

    internal static string Number(int value) => value.ToString(Invariant);

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex SafeId();
}
