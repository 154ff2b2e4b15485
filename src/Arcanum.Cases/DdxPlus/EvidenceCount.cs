namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// One pathology and one evidence: patients who were asked it (<see cref="Eligible"/>: no gate in force, or the
/// gate present), those who had it, and how often each answer was given among <see cref="AnswersFrom"/> of them.
/// </summary>
public sealed class EvidenceCount
{
    public EvidenceCount()
    {
    }

    internal EvidenceCount(int eligible, int present, int answersFrom, IReadOnlyDictionary<string, int> answers)
    {
        (Eligible, Present, AnswersFrom) = (eligible, present, answersFrom);
        foreach (var (value, n) in answers) Answers[value] = n;
    }

    public int Eligible { get; internal set; }

    public int Present { get; internal set; }

    /// <summary>Patients with the evidence whose answers are counted (fewer than Present when a site withheld them).</summary>
    public int AnswersFrom { get; internal set; }

    public Dictionary<string, int> Answers { get; } = new(StringComparer.Ordinal);

    internal void Add(EvidenceCount other)
    {
        Eligible += other.Eligible;
        Present += other.Present;
        AnswersFrom += other.AnswersFrom;
        foreach (var (value, n) in other.Answers) Answers[value] = Answers.GetValueOrDefault(value) + n;
    }
}
