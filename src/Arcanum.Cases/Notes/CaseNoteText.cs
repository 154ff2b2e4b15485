using Arcanum.Cases.Knowledge;
using Arcanum.Deid;
using Arcanum.Deid.Synthetic;
using T = Arcanum.Cases.Notes.CaseNoteTemplates;

namespace Arcanum.Cases.Notes;

/// <summary>
/// One note being written, section by section: templates filled from the case (age, sex, disease) and the
/// surrogate resolver, findings as plain text after a subject. It notes which identifiers were said, so the plan
/// can add the phone, address and hospital a note has not yet given.
/// </summary>
internal sealed class CaseNoteText
{
    private readonly CaseRecord record;
    private readonly Disease disease;
    private readonly NameSource names;
    private readonly Random random;
    private readonly PhiResolver surrogates;
    private readonly DateOnly visit;
    private readonly HashSet<string> said = new(StringComparer.Ordinal);

    public CaseNoteText(CaseRecord record, Disease disease, NoteIdentity identity, NameSource names, Random random)
    {
        this.record = record;
        this.disease = disease;
        this.names = names;
        this.random = random;
        surrogates = new PhiResolver(identity, names, random);
        visit = identity.Visit;
    }

    public NoteBuilder Note { get; } = new();

    /// <summary>Name, birth date, record number and visit always; a few more identifiers; shuffled.</summary>
    public void Header()
    {
        var lines = new List<string> { Pick(T.NameLine), Pick(T.BirthLine), Pick(T.RecordLine), Pick(T.VisitLine) };
        var extra = (string[])T.ExtraLine.Clone();
        random.Shuffle(extra);
        lines.AddRange(extra.Take(random.Next(1, 4)));
        var order = lines.ToArray();
        random.Shuffle(order);
        foreach (var line in order) Line(line + "\n");
    }

    public void History(List<List<(Finding Finding, IReadOnlyList<string> Values)>> clusters, List<Finding> negatives)
    {
        Line($"\n{Pick(T.HistoryHeading)}\n{Pick(T.Opening)}");
        foreach (var (finding, values) in clusters.SelectMany(c => c)) Finding(finding, values);
        if (negatives.Count > 0)
        {
            var no = negatives.Select(f => FindingPhrases.Binary(f, record.Female).No).ToList();
            Note.Plain(" ");
            Subject();
            Note.Plain($" {FindingPhrases.Join(no)}.");
        }
        Note.Plain("\n");
    }

    /// <summary>Antecedents under their own heading, or nothing when the case has none.</summary>
    public void Past(List<List<(Finding Finding, IReadOnlyList<string> Values)>> clusters)
    {
        if (clusters.Count == 0) return;
        Note.Plain($"\n{Pick(T.PastHeading)}\n");
        var first = true;
        foreach (var (finding, values) in clusters.SelectMany(c => c))
        {
            if (!first) Note.Plain(" ");
            first = false;
            Finding(finding, values, leadingSpace: false);
        }
        Note.Plain("\n");
    }

    /// <summary>The diagnosis, a word on severity when the knowledge base has one, a plan, the signature.</summary>
    public void Assessment()
    {
        Line($"\n{Pick(T.AssessmentHeading)}\n{Pick(T.Assessment)}");
        if (disease.Severity is >= 4) Note.Plain(" " + Pick(T.Severe));
        else if (disease.Severity is <= 2) Note.Plain(" " + Pick(T.Mild));
        Line("\n" + Pick(T.Plan));
        foreach (var (key, templates) in new[] { ("phone", T.Phone), ("address", T.Address), ("hospital", T.Hospital) })
            if (!said.Contains(key) || random.Next(4) == 0) Line(" " + Pick(templates));
        Line($"\n\n{Pick(T.Signature)}\n");
    }

    private void Finding(Finding finding, IReadOnlyList<string> values, bool leadingSpace = true)
    {
        if (leadingSpace) Note.Plain(" ");
        if (finding.Type == FindingType.Binary)
        {
            var yes = FindingPhrases.Binary(finding, record.Female).Yes;
            if (random.Next(3) == 0 && !yes.StartsWith("answers", StringComparison.Ordinal))
                Note.Plain($"{Pronoun(capital: true)} reports that {Pronoun(capital: false)} {yes}.");
            else
            {
                Subject();
                Note.Plain($" {yes}.");
            }
            return;
        }
        var question = FindingPhrases.Question(finding);
        var answers = FindingPhrases.Answers(finding, values);
        // "Characterize your pain:" is no question; only the colon form reads well after it.
        Note.Plain((question.EndsWith('?') ? random.Next(3) : 2) switch
        {
            0 => $"{question} {answers}.",
            1 => $"Asked \"{question}\", {Pronoun(capital: false)} answers {answers}.",
            _ => $"{question.TrimEnd('?')}: {answers}.",
        });
    }

    /// <summary>
    /// Who a sentence is about: a pronoun, "The patient", "Ms. Varlow" or the first name (the last two labelled).
    /// </summary>
    private void Subject()
    {
        switch (random.Next(5))
        {
            case 0: Line("{patientTitled}"); break;
            case 1: Line("{patientFirst}"); break;
            case 2: Note.Plain("The patient"); break;
            default: Note.Plain(Pronoun(capital: true)); break;
        }
    }

    private string Pronoun(bool capital) => (record.Female, capital) switch
    {
        (true, true) => "She",
        (true, false) => "she",
        (false, true) => "He",
        _ => "he",
    };

    private void Line(string template) => Note.Template(template, Resolve);

    private IEnumerable<Piece> Resolve(string key)
    {
        said.Add(key switch
        {
            "clinicianSigned" or "clinicianLast" => "clinician",
            "address" => "address",
            _ => key,
        });
        return key switch
        {
            // Ages over 89 are identifiers (Safe Harbor); the span is the number only, as the corpus labels it.
            "age" => [record.Age >= 90 ? Piece.Phi(CaseNoteComposer.Number(record.Age), PhiType.Age)
                : Piece.Plain(CaseNoteComposer.Number(record.Age))],
            "man" => [Piece.Plain((record.Age < 18, record.Female) switch
            {
                (true, true) => names.Pick("girl", "female"),
                (true, false) => names.Pick("boy", "male"),
                (false, true) => names.Pick("woman", "female", "lady"),
                _ => names.Pick("man", "male", "gentleman"),
            })],
            "male" => [Piece.Plain(record.Female ? "female" : "male")],
            "disease" => [Piece.Plain(disease.Name)],
            // Follow-up dates come after the visit (the corpus's "date" is any date from 1995 on).
            "date" => DateStyles.Format(visit.AddDays(random.Next(7, 181)), names.Pick(DateStyles.All)),
            "code" => [Piece.Plain(disease.Code is { Length: > 0 } code && random.Next(2) == 0 ? $" ({code})" : "")],
            _ => surrogates.Resolve(key),
        };
    }

    private string Pick(string[] choices) => choices[random.Next(choices.Length)];
}
