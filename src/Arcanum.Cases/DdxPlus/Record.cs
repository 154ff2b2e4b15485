namespace Arcanum.Cases.DdxPlus;

/// <summary>A patient as the estimator needs it: disease index, age, sex, and the evidences and answers present.</summary>
internal sealed record Record(int Disease, int Age, bool Female, HashSet<string> Present, Dictionary<string, List<string>> Answers)
{
    public static Record Of(DdxPlusPatient p, Dictionary<string, int> diseaseOf, Dictionary<string, DdxPlusEvidence> evidences)
    {
        if (!diseaseOf.TryGetValue(p.Pathology, out var disease))
            throw new CasesException($"Patient row {p.Row}: pathology '{p.Pathology}' is not in release_conditions.json.");
        var present = new HashSet<string>(StringComparer.Ordinal);
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var item in p.Evidences)
        {
            var at = item.IndexOf("_@_", StringComparison.Ordinal);
            var id = at < 0 ? item : item[..at];
            if (!evidences.ContainsKey(id))
                throw new CasesException($"Patient row {p.Row}: evidence '{id}' is not in release_evidences.json.");
            present.Add(id);
            if (at >= 0)
            {
                if (!answers.TryGetValue(id, out var list)) answers[id] = list = [];
                list.Add(item[(at + 3)..]);
            }
        }
        return new Record(disease, p.Age, p.Sex.StartsWith('F'), present, answers);
    }
}
