using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// Which sites took part in which rounds, from a study's round records: the rounds each site did not
/// train in or did not evaluate, and the rounds where the set of sites behind the pooled per-round
/// figure changes (so a reader does not take a change of sites for a change of the model).
/// </summary>
internal sealed record Participation(
    int Rounds,
    IReadOnlyDictionary<string, IReadOnlyList<int>> NotTrained,
    IReadOnlyDictionary<string, IReadOnlyList<int>> NotEvaluated,
    IReadOnlyList<(int Round, IReadOnlyList<string> Sites)> PooledSets)
{
    /// <summary>Some site missed training or evaluation in some round.</summary>
    public bool AnyMissed => NotTrained.Values.Any(r => r.Count > 0) || NotEvaluated.Values.Any(r => r.Count > 0);

    /// <summary>The pooled per-round figure is over more than one set of sites.</summary>
    public bool PooledSetChanges => PooledSets.Count > 1;

    public static Participation From(StudyReport r)
    {
        var rounds = r.Rounds.Count == 0 ? 0 : r.Rounds.Max(x => x.Round);
        var records = r.Rounds.Where(x => x.Site != StudyReport.PooledSiteName).ToDictionary(x => (x.Round, x.Site));
        IReadOnlyList<int> Missing(string site, Func<RoundRecord, bool> did) =>
            [.. Enumerable.Range(1, rounds).Where(round => !(records.TryGetValue((round, site), out var x) && did(x)))];

        var notTrained = r.SiteNames.ToDictionary(s => s, s => Missing(s, x => x.Trained), StringComparer.Ordinal);
        var notEvaluated = r.SiteNames.ToDictionary(s => s, s => Missing(s, x => x.Evaluated), StringComparer.Ordinal);
        var sets = new List<(int, IReadOnlyList<string>)>();
        for (var round = 1; round <= rounds; round++)
        {
            IReadOnlyList<string> evaluated = [.. r.SiteNames.Where(s => records.TryGetValue((round, s), out var x) && x.Evaluated)];
            if (sets.Count == 0 || !sets[^1].Item2.SequenceEqual(evaluated, StringComparer.Ordinal)) sets.Add((round, evaluated));
        }
        return new Participation(rounds, notTrained, notEvaluated, sets);
    }

    /// <summary>"3–5, 8": rounds as ranges.</summary>
    public static string Ranges(IReadOnlyList<int> rounds)
    {
        var parts = new List<string>();
        for (var i = 0; i < rounds.Count;)
        {
            var j = i;
            while (j + 1 < rounds.Count && rounds[j + 1] == rounds[j] + 1) j++;
            parts.Add(i == j ? $"{rounds[i]}" : $"{rounds[i]}–{rounds[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    /// <summary>The rounds (first, last) that pooled set number <paramref name="index"/> covers.</summary>
    public (int First, int Last) Span(int index) =>
        (PooledSets[index].Round, index + 1 < PooledSets.Count ? PooledSets[index + 1].Round - 1 : Rounds);
}
