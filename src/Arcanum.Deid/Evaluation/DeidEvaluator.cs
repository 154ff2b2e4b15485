namespace Arcanum.Deid.Evaluation;

/// <summary>
/// Scores predicted spans against gold spans, document by document (spans match only within the same file).
/// Recall counts gold spans matched by any predicted span; precision counts predicted spans that match any gold
/// span. Per-type and per-category recall use the gold span's type, precision the predicted span's type.
/// </summary>
public static class DeidEvaluator
{
    private static readonly MatchRule[] Rules = Enum.GetValues<MatchRule>();

    public static EvaluationResult Evaluate(IEnumerable<SpanRecord> gold, IEnumerable<SpanRecord> predicted)
    {
        var goldByFile = ByFile(gold);
        var predictedByFile = ByFile(predicted);
        var scores = Rules.ToDictionary(r => r, _ => PhiTypes.All.ToDictionary(t => t, _ => default(Score)));
        var characters = PhiTypes.All.ToDictionary(t => t, _ => default(CharacterCoverage));

        foreach (var file in goldByFile.Keys.Union(predictedByFile.Keys))
        {
            var g = goldByFile.GetValueOrDefault(file) ?? [];
            var p = predictedByFile.GetValueOrDefault(file) ?? [];
            foreach (var rule in Rules)
            {
                var byType = scores[rule];
                foreach (var span in g)
                    byType[span.Type] += new Score(p.Any(q => SpanMatching.Matches(span, q, rule)) ? 1 : 0, 1, 0, 0);
                foreach (var span in p)
                    byType[span.Type] += new Score(0, 0, g.Any(q => SpanMatching.Matches(q, span, rule)) ? 1 : 0, 1);
            }
            foreach (var span in g)
                characters[span.Type] += new CharacterCoverage(SpanMatching.CoveredCharacters(span, p), span.Length);
        }

        return new EvaluationResult(
            goldByFile.Count,
            [.. goldByFile.Keys.Where(f => !predictedByFile.ContainsKey(f)).Order(StringComparer.Ordinal)],
            [.. predictedByFile.Keys.Where(f => !goldByFile.ContainsKey(f)).Order(StringComparer.Ordinal)],
            Summarise(scores[MatchRule.Lenient], (a, b) => a + b),
            Summarise(scores[MatchRule.Exact], (a, b) => a + b),
            Summarise(scores[MatchRule.ExactTyped], (a, b) => a + b),
            Summarise(characters, (a, b) => a + b));
    }

    private static Dictionary<string, List<PhiSpan>> ByFile(IEnumerable<SpanRecord> spans) =>
        spans.GroupBy(s => s.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Span).ToList(), StringComparer.Ordinal);

    private static Breakdown<T> Summarise<T>(Dictionary<PhiType, T> byType, Func<T, T, T> add)
        where T : struct
    {
        var byCategory = Enum.GetValues<PhiCategory>().ToDictionary(c => c, c => byType
            .Where(p => PhiTypes.CategoryOf(p.Key) == c).Select(p => p.Value).Aggregate(default(T), add));
        return new Breakdown<T>(byType.Values.Aggregate(default(T), add), byType, byCategory);
    }
}
