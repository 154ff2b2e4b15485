namespace Arcanum.Cases.Knowledge;

/// <summary>
/// Every reason a knowledge base cannot be sampled from, found before any case is drawn: unknown or repeated
/// names, probabilities outside [0, 1], values a finding does not have, a cycle in gating, overlapping age bands.
/// </summary>
public static class KnowledgeBaseValidator
{
    private const int MaxReported = 12;
    // Shares are written with six decimals: a dozen of them may miss 1 by a few millionths.
    private const double SumTolerance = 1e-4;

    /// <exception cref="CasesException">One line per problem (at most 12, then a count).</exception>
    public static void Validate(KnowledgeBase kb)
    {
        ArgumentNullException.ThrowIfNull(kb);
        var problems = Problems(kb);
        if (problems.Count == 0) return;
        var shown = problems.Take(MaxReported).Select(p => "  - " + p);
        var more = problems.Count > MaxReported ? $"\n  ... and {problems.Count - MaxReported} more" : "";
        throw new CasesException($"The knowledge base is not valid ({problems.Count} problem(s)):\n{string.Join('\n', shown)}{more}");
    }

    /// <summary>The problems, one message each; empty when the knowledge base is valid.</summary>
    public static List<string> Problems(KnowledgeBase kb)
    {
        var problems = new List<string>();
        if (kb.Format != KnowledgeBase.CurrentFormat)
            problems.Add($"format is '{kb.Format}'; this version reads '{KnowledgeBase.CurrentFormat}'.");
        CheckPopulation(kb.Population, problems);
        var findings = CheckFindings(kb.Findings ?? [], problems);
        var bands = (kb.Population?.AgeBands ?? []).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        if (kb.Diseases is null || kb.Diseases.Count == 0) problems.Add("there are no diseases.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disease in kb.Diseases ?? [])
        {
            if (string.IsNullOrWhiteSpace(disease.Name)) { problems.Add("a disease has no name."); continue; }
            if (!names.Add(disease.Name)) problems.Add($"disease '{disease.Name}' is listed twice.");
            CheckDisease(disease, findings, bands, problems);
        }
        if (kb.Diseases is { Count: > 0 } && kb.Diseases.All(d => !(d.Prevalence > 0)))
            problems.Add("every disease has prevalence 0: no case can be drawn.");
        return problems;
    }

    private static void CheckPopulation(Population? population, List<string> problems)
    {
        if (population?.AgeBands is not { Count: > 0 } bands) { problems.Add("population.ageBands is empty."); return; }
        if (!IsProbability(population.Female))
            problems.Add($"population.female is {population.Female}; it must be in [0, 1].");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var band in bands)
        {
            if (string.IsNullOrWhiteSpace(band.Name) || !seen.Add(band.Name))
                problems.Add($"age band '{band.Name}' has no name or is listed twice.");
            if (band.Min < 0 || band.Max > 150 || band.Min > band.Max)
                problems.Add($"age band '{band.Name}' runs from {band.Min} to {band.Max}; it needs 0 <= min <= max <= 150.");
            if (!(band.Weight >= 0) || !double.IsFinite(band.Weight))
                problems.Add($"age band '{band.Name}' has weight {band.Weight}; it must be 0 or more.");
        }
        var sorted = bands.OrderBy(b => b.Min).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Min <= sorted[i - 1].Max)
                problems.Add($"age bands '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap.");
        }
        if (!(bands.Sum(b => b.Weight) > 0)) problems.Add("every age band has weight 0.");
    }

    private static Dictionary<string, Finding> CheckFindings(IReadOnlyList<Finding> findings, List<string> problems)
    {
        if (findings.Count == 0) problems.Add("there are no findings.");
        var byId = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            if (string.IsNullOrWhiteSpace(f.Id)) { problems.Add("a finding has no id."); continue; }
            if (!byId.TryAdd(f.Id, f)) problems.Add($"finding '{f.Id}' is listed twice.");
            if (f.Id is "age" or "sex" or "disease")
                problems.Add($"finding '{f.Id}' has the name of a case column; rename it.");
            if (f.Type == FindingType.Binary && f.Values is { Count: > 0 })
                problems.Add($"finding '{f.Id}' is binary but lists values.");
            if (f.Type != FindingType.Binary && f.Values is not { Count: > 0 })
                problems.Add($"finding '{f.Id}' is {f.Type.ToString().ToLowerInvariant()} but lists no values.");
            if (f.Values is { } values && values.Distinct(StringComparer.Ordinal).Count() != values.Count)
                problems.Add($"finding '{f.Id}' lists a value twice.");
            foreach (var labelled in f.ValueLabels?.Keys ?? [])
            {
                if (f.Values?.Contains(labelled) != true)
                    problems.Add($"finding '{f.Id}' has a label for '{labelled}', which is not one of its values.");
            }
        }
        foreach (var f in byId.Values)
        {
            if (f.Gate is null) continue;
            if (!byId.ContainsKey(f.Gate)) { problems.Add($"finding '{f.Id}' is gated by '{f.Gate}', which is not a finding."); continue; }
            // Walk up the gates: coming back to the start is a cycle (no finding could ever be asked first).
            var path = new List<string> { f.Id };
            for (var at = f.Gate; at is not null; at = byId.TryGetValue(at, out var g) ? g.Gate : null)
            {
                if (at == f.Id) { problems.Add($"gating has a cycle: {string.Join(" -> ", path)} -> {at}."); break; }
                if (path.Count > byId.Count) break;
                path.Add(at);
            }
        }
        return byId;
    }

    private static void CheckDisease(Disease d, Dictionary<string, Finding> findings, HashSet<string> bands, List<string> problems)
    {
        var where = $"disease '{d.Name}'";
        if (!(d.Prevalence >= 0) || !double.IsFinite(d.Prevalence))
            problems.Add($"{where}: prevalence {d.Prevalence} must be 0 or more.");
        if (d.Severity is < 1 or > 5) problems.Add($"{where}: severity {d.Severity} must be 1 to 5.");
        foreach (var (band, factor) in d.AgeFactors ?? new Dictionary<string, double>())
        {
            if (!bands.Contains(band)) problems.Add($"{where}: age factor for '{band}', which is not an age band.");
            if (!(factor >= 0) || !double.IsFinite(factor))
                problems.Add($"{where}: age factor {factor} for '{band}' must be 0 or more.");
        }
        foreach (var (sex, factor) in d.SexFactors ?? new Dictionary<string, double>())
        {
            if (sex is not ("F" or "M")) problems.Add($"{where}: sex factor for '{sex}'; sexes are F and M.");
            if (!(factor >= 0) || !double.IsFinite(factor))
                problems.Add($"{where}: sex factor {factor} for '{sex}' must be 0 or more.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in d.Findings ?? [])
        {
            if (!findings.TryGetValue(link.Id ?? "", out var finding)) { problems.Add($"{where} names finding '{link.Id}', which is not in findings."); continue; }
            if (!seen.Add(link.Id!)) problems.Add($"{where} lists finding '{link.Id}' twice.");
            var at = $"{where}, finding '{link.Id}'";
            if (!IsProbability(link.P)) problems.Add($"{at}: probability {link.P} is outside [0, 1].");
            foreach (var cell in link.Cells ?? [])
            {
                if (cell.Band is not null && !bands.Contains(cell.Band))
                    problems.Add($"{at}: a cell names age band '{cell.Band}', which does not exist.");
                if (cell.Sex is not (null or "F" or "M"))
                    problems.Add($"{at}: a cell names sex '{cell.Sex}'; sexes are F and M.");
                if (!IsProbability(cell.P)) problems.Add($"{at}: cell probability {cell.P} is outside [0, 1].");
            }
            CheckValues(finding, link, at, problems);
        }
    }

    private static void CheckValues(Finding finding, DiseaseFinding link, string at, List<string> problems)
    {
        if (finding.Type == FindingType.Binary)
        {
            if (link.Values is { Count: > 0 }) problems.Add($"{at}: the finding is binary, so it takes no values.");
            return;
        }
        if (link.Values is not { Count: > 0 } values) { problems.Add($"{at}: a {finding.Type.ToString().ToLowerInvariant()} finding needs values."); return; }
        foreach (var (value, p) in values)
        {
            if (!finding.Values!.Contains(value))
                problems.Add($"{at}: value '{value}' is not one of the finding's values.");
            if (!IsProbability(p)) problems.Add($"{at}: value '{value}' has probability {p}, outside [0, 1].");
        }
        if (finding.Type == FindingType.Categorical && Math.Abs(values.Values.Sum() - 1) > SumTolerance)
            problems.Add($"{at}: the shares of a categorical finding sum to {values.Values.Sum():0.######}, not 1.");
        if (finding.Type == FindingType.Multi && link.P > 0 && values.Values.All(v => !(v > 0)))
            problems.Add($"{at}: a multi-choice finding that can be present needs a value with probability above 0.");
    }

    private static bool IsProbability(double p) => p is >= 0 and <= 1;
}
