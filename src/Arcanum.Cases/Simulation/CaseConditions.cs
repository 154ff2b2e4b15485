using Arcanum.Cases.Knowledge;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// The distribution of cases given a <c>where</c> text (<c>disease = Pneumonia and age &gt;= 65 and E_91 = 1</c>),
/// computed exactly rather than by drawing and discarding: each (band, sex, disease) cell is weighted by the share
/// of its ages allowed and by the chance its findings meet the clauses (summed over the gates by passing messages
/// up the gating tree), and constrained findings are then drawn from their posterior given the clauses.
/// Clauses can name age, sex, disease, binary findings (= 0 or = 1), categorical findings (= a value, != a value) and
/// multi-choice findings (= a value: that value among the answers). A clause on a categorical or multi-choice finding
/// also asks that the finding be present, since an absent finding has no value.
/// </summary>
public sealed class CaseConditions
{
    private CaseConditions(string text, double[] cellWeights, int[][] ages, int[] constrained, double[] posterior, double probability,
        double[]?[]? valueShares = null, int[]? requiredAnswers = null)
    {
        _requiredAnswers = requiredAnswers;
        Text = text;
        CellWeights = cellWeights;
        Ages = ages;
        Constrained = constrained;
        Posterior = posterior;
        Probability = probability;
        _valueShares = valueShares;
        _valueCdfs = valueShares?.Select(shares => shares is null ? null : CompiledKnowledgeBase.Cumulative(shares)).ToArray();
    }

    private readonly double[]?[]? _valueShares;
    private readonly int[]? _requiredAnswers;
    private readonly double[]?[]? _valueCdfs;

    public string Text { get; }

    /// <summary>The share of unconditioned cases that meet the condition.</summary>
    public double Probability { get; }

    internal double[] CellWeights { get; }

    /// <summary>Per band, the ages a case may have.</summary>
    internal int[][] Ages { get; }

    /// <summary>Per finding, its index among the constrained findings and their gates, or -1.</summary>
    internal int[] Constrained { get; }

    /// <summary>[cell * constrained count + r]: probability present given the gate is and the clauses hold.</summary>
    internal double[] Posterior { get; }

    internal int ConstrainedCount => Posterior.Length == 0 ? 0 : Posterior.Length / CellWeights.Length;

    /// <summary>For a categorical finding a clause names, per [disease * findings + f], P(value | present) with the
    /// values the clause excludes set to 0 (not renormalised); null where no clause restricts the value.</summary>
    internal double[]? ValueShares(int key) => _valueShares?[key];

    /// <summary>The cumulative form of <see cref="ValueShares"/>, for drawing.</summary>
    internal double[]? ValueCdf(int key) => _valueCdfs?[key];

    /// <summary>For a multi-choice finding a clause names, the value that must be among its answers; else -1.</summary>
    internal int RequiredAnswer(int finding) => _requiredAnswers?[finding] ?? -1;

    /// <summary>No condition: every case as the knowledge base draws it.</summary>
    public static CaseConditions None(CompiledKnowledgeBase kb)
    {
        var ages = kb.Bands.Select(b => Enumerable.Range(b.Min, b.Max - b.Min + 1).ToArray()).ToArray();
        return new CaseConditions("", Normalised(kb.CellWeights), ages, Enumerable.Repeat(-1, kb.FindingCount).ToArray(), [], 1);
    }

    /// <exception cref="CasesException">Bad syntax, an unknown name or value, or a condition no case can meet.</exception>
    public static CaseConditions Parse(CompiledKnowledgeBase kb, string? where)
    {
        if (string.IsNullOrWhiteSpace(where)) return None(kb);
        RowConditions parsed;
        try
        {
            parsed = RowConditions.Parse(where, Schema(kb));
        }
        catch (SynthesisException e)
        {
            throw new CasesException(e.Message.Replace("in the real data", "in the knowledge base", StringComparison.Ordinal)
                .Replace("the model does not have", "the knowledge base does not have", StringComparison.Ordinal), e);
        }
        var allowedSex = new[] { true, true };
        var allowedDisease = Enumerable.Repeat(true, kb.DiseaseCount).ToArray();
        var ages = kb.Bands.Select(b => Enumerable.Range(b.Min, b.Max - b.Min + 1).ToArray()).ToArray();
        var required = new Dictionary<int, bool>();
        var allowedValues = new Dictionary<int, bool[]>();
        var answers = new Dictionary<int, int>();
        foreach (var constraint in parsed.Constraints)
        {
            switch (constraint.Column.Name)
            {
                case "age":
                    ages = [.. ages.Select(band => band.Where(a => constraint.Accepts(a)).ToArray())];
                    break;
                case "sex":
                    allowedSex = constraint.Allowed!;
                    break;
                case "disease":
                    allowedDisease = constraint.Allowed!;
                    break;
                default:
                    var finding = kb.FindingIndex[constraint.Column.Name];
                    switch (kb.Findings[finding].Type)
                    {
                        case FindingType.Binary:
                            if (constraint.SingleLevel is { } level) required[finding] = level == 1;
                            break;
                        case FindingType.Categorical:
                            required[finding] = true;
                            allowedValues[finding] = constraint.Allowed!;
                            break;
                        default:
                            // "= v" asks for v among the answers; the others stay as likely as they were (independent).
                            if (constraint.SingleLevel is not { } answer
                                || parsed.Clauses.Any(c => c.Column == constraint.Column.Name && c.Operator != ConditionOperator.Equal))
                                throw new CasesException($"'{constraint.Column.Name}' is a multi-choice finding: a condition can ask for one "
                                    + $"value among its answers ({constraint.Column.Name} = {constraint.Column.Levels[0]}), not exclude values.");
                            required[finding] = true;
                            answers[finding] = answer;
                            break;
                    }
                    break;
            }
        }
        var (constrained, order) = Closure(kb, required.Keys);
        var valueShares = allowedValues.Count == 0 ? null : RestrictedShares(kb, allowedValues);
        int[]? requiredAnswers = null;
        if (answers.Count > 0)
        {
            requiredAnswers = Enumerable.Repeat(-1, kb.FindingCount).ToArray();
            foreach (var (f, answer) in answers) requiredAnswers[f] = answer;
        }
        var posterior = new double[kb.CellCount * order.Count];
        var weights = new double[kb.CellCount];
        for (var cell = 0; cell < kb.CellCount; cell++)
        {
            var (band, sex, disease) = kb.Split(cell);
            var bandSize = kb.Bands[band].Max - kb.Bands[band].Min + 1;
            if (!allowedSex[sex] || !allowedDisease[disease] || ages[band].Length == 0 || kb.CellWeights[cell] == 0) continue;
            var likelihood = order.Count == 0 ? 1 : FindingLikelihood(kb, cell, disease, order, constrained, required, valueShares, requiredAnswers, posterior);
            weights[cell] = kb.CellWeights[cell] * ages[band].Length / bandSize * likelihood;
        }
        var total = weights.Sum();
        if (!(total > 0))
            throw new CasesException($"No case can meet \"{where.Trim()}\": the knowledge base gives it probability 0 "
                + "(check that the disease has the findings named, and the ages and sex it allows).");
        return new CaseConditions(parsed.Text, Normalised(weights), ages, constrained, posterior, total, valueShares, requiredAnswers);
    }

    /// <summary>The columns a condition may name, as the shared parser expects them.</summary>
    private static TableSchema Schema(CompiledKnowledgeBase kb)
    {
        var columns = new List<ColumnSchema>
        {
            new() { Name = "age", Type = ColumnType.Integer, Min = kb.Bands[0].Min, Max = kb.Bands[^1].Max },
            new() { Name = "sex", Type = ColumnType.Categorical, Levels = ["F", "M"] },
            new() { Name = "disease", Type = ColumnType.Categorical, Levels = [.. kb.Diseases.Select(d => d.Name)] },
        };
        // Multi-choice findings are listed too, so that naming one gets the message that says why it cannot be used.
        columns.AddRange(kb.Findings.Select(f => f.Type == FindingType.Binary
            ? new ColumnSchema { Name = f.Id, Type = ColumnType.Binary, Levels = ["0", "1"] }
            : new ColumnSchema { Name = f.Id, Type = ColumnType.Categorical, Levels = [.. f.Values!] }));
        return new TableSchema(columns, 0);
    }

    /// <summary>
    /// Per [disease * findings + f] of a restricted categorical finding: P(value | present) with the disallowed values'
    /// shares set to 0, not renormalised (its sum is the chance the value is allowed). Shares are read from the same
    /// normalised cumulative table the simulator draws from, so the condition and the draw agree.
    /// </summary>
    private static double[]?[] RestrictedShares(CompiledKnowledgeBase kb, Dictionary<int, bool[]> allowedValues)
    {
        var result = new double[]?[kb.DiseaseCount * kb.FindingCount];
        foreach (var (f, allowed) in allowedValues)
        {
            for (var d = 0; d < kb.DiseaseCount; d++)
            {
                var key = d * kb.FindingCount + f;
                if (kb.ValueCdf[key] is not { } cdf) continue;
                var shares = new double[cdf.Length];
                for (var k = 0; k < cdf.Length; k++)
                    shares[k] = allowed[k] ? (k == cdf.Length - 1 ? 1 : cdf[k]) - (k == 0 ? 0 : cdf[k - 1]) : 0;
                result[key] = shares;
            }
        }
        return result;
    }

    /// <summary>The constrained findings and all their gates, gates first.</summary>
    private static (int[] Index, List<int> Order) Closure(CompiledKnowledgeBase kb, IEnumerable<int> required)
    {
        var members = new SortedSet<int>();
        foreach (var f in required)
        {
            for (var at = (int?)f; at is { } i; at = kb.Findings[i].Gate is { } g ? kb.FindingIndex[g] : null)
                members.Add(i);
        }
        var index = Enumerable.Repeat(-1, kb.FindingCount).ToArray();
        var order = members.ToList();
        for (var r = 0; r < order.Count; r++) index[order[r]] = r;
        return (index, order);
    }

    /// <summary>
    /// P(clauses on findings | cell), and each member's posterior chance of being present given its gate is.
    /// Upward pass: L1/L0 are the chances of the clauses in a member's subtree given it is present/absent.
    /// </summary>
    private static double FindingLikelihood(CompiledKnowledgeBase kb, int cell, int disease, List<int> order,
        int[] index, Dictionary<int, bool> required, double[]?[]? valueShares, int[]? requiredAnswers, double[] posterior)
    {
        var n = order.Count;
        var l1 = new double[n];
        var l0 = new double[n];
        for (var r = 0; r < n; r++)
        {
            var ok = required.TryGetValue(order[r], out var present);
            // A categorical clause: present, with an allowed value (the chance of one, given present); a multi-choice
            // clause: present, with the value among the answers (its share given present).
            var key = disease * kb.FindingCount + order[r];
            var allowedShare = valueShares?[key] is { } shares ? shares.Sum()
                : requiredAnswers?[order[r]] is >= 0 and var answer ? kb.ValueShare[key]?[answer] ?? 0
                : 1;
            l1[r] = !ok || present ? allowedShare : 0;
            l0[r] = !ok || !present ? 1 : 0;
        }
        double likelihood = 1;
        // Gates come before the findings they gate in 'order' (finding indices are in gate order), so walking it
        // backwards folds every child into its parent before the parent is used.
        for (var r = n - 1; r >= 0; r--)
        {
            var f = order[r];
            var p = kb.Present[cell * kb.FindingCount + f];
            var joint = p * l1[r] + (1 - p) * l0[r];
            posterior[cell * n + r] = joint > 0 ? p * l1[r] / joint : 0;
            var parent = kb.Parent[disease * kb.FindingCount + f];
            if (parent < 0)
            {
                likelihood *= joint;
                continue;
            }
            var pr = index[parent];
            l1[pr] *= joint;
            l0[pr] *= l0[r];
        }
        return likelihood;
    }

    private static double[] Normalised(double[] weights)
    {
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }
}
