using Arcanum.Core.Metrics;

namespace Arcanum.Network.Transport;

/// <summary>
/// A site's <see cref="ScoreHistograms"/> of its held-out scores as they travel in its evaluation
/// (<c>score_histograms</c>), so the server can sum them and compute the pooled AUROC and AUPRC
/// within a stated bound without a single score leaving the site.
/// </summary>
/// <remarks>
/// Only non-empty bins travel, as [bin, count] pairs. A site with n held-out rows fills at most n
/// bins per side, so the document grows with the rows (a few kB for a few hundred rows), not with the
/// 2·2^14 counts per class of the dense form (over 64 kB of zeros even for ten rows). Pairs are one
/// <c>numpy.nonzero</c> call for a third-party site; run lengths would save little more and are easier
/// to get wrong. The grid is fixed at <see cref="ScoreHistograms.DefaultBins"/> so that every site's
/// histograms add up and the bound the server states is the one its tests prove.
/// </remarks>
/// <param name="Bins">Equal-width bins over [0, 1]: always <see cref="ScoreHistograms.DefaultBins"/>.</param>
/// <param name="Classes">The study's class count.</param>
/// <param name="Ranked">Class 1 alone with two classes; every class in order (one-vs-rest) otherwise.</param>
public sealed record SparseHistograms(int Bins, int Classes, IReadOnlyList<RankedCounts> Ranked)
{
    public static SparseHistograms From(ScoreHistograms histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var ranked = Enumerable.Range(0, histograms.RankedClasses)
            .Select(r => new RankedCounts(
                histograms.RankedClasses == 1 ? 1 : r, Pairs(histograms.Positives(r)), Pairs(histograms.Negatives(r))))
            .ToList();
        return new SparseHistograms(histograms.Bins, histograms.ClassCount, ranked);
    }

    /// <summary>The dense counts; call only on histograms <see cref="Problem"/> found consistent.</summary>
    public ScoreHistograms ToHistograms()
    {
        var counts = new long[ScoreHistograms.Length(Classes, Bins)];
        for (var r = 0; r < Ranked.Count; r++)
        {
            foreach (var pair in Ranked[r].Positives) counts[2 * r * Bins + pair[0]] += pair[1];
            foreach (var pair in Ranked[r].Negatives) counts[(2 * r + 1) * Bins + pair[0]] += pair[1];
        }
        return ScoreHistograms.FromCounts(counts, Classes, Bins);
    }

    /// <summary>Held-out rows of ranked class <paramref name="r"/> (its positives).</summary>
    public long PositiveRows(int r) => Ranked[r].Positives.Sum(p => p[1]);

    /// <summary>
    /// Null when these histograms could be a site's held-out scores on <paramref name="holdoutRows"/>
    /// rows; else the reason, at <paramref name="path"/> (e.g. <c>$.evaluation.score_histograms</c>).
    /// </summary>
    public string? Problem(long holdoutRows, string path)
    {
        if (Bins != ScoreHistograms.DefaultBins)
            return $"{path}.bins: expected {ScoreHistograms.DefaultBins}, got {Bins}";
        if (Classes < 2) return $"{path}.classes: expected at least 2, got {Classes}";
        var expected = Classes == 2 ? 1 : Classes;
        if (Ranked.Count != expected)
            return $"{path}.ranked: expected {expected} entr{(expected == 1 ? "y" : "ies")} for {Classes} classes " +
                $"({(Classes == 2 ? "class 1 only" : "one per class")}), got {Ranked.Count}";
        Int128 positives = 0;
        for (var r = 0; r < Ranked.Count; r++)
        {
            var at = $"{path}.ranked[{r}]";
            var cls = Classes == 2 ? 1 : r;
            if (Ranked[r].Class != cls) return $"{at}.class: expected {cls}, got {Ranked[r].Class}";
            if (Side(Ranked[r].Positives, holdoutRows, $"{at}.positives", out var p) is { } pw) return pw;
            if (Side(Ranked[r].Negatives, holdoutRows, $"{at}.negatives", out var n) is { } nw) return nw;
            if (p + n != holdoutRows)
                return $"{at}: expected positives and negatives adding up to holdout_rows ({holdoutRows}), got {p + n}";
            positives += p;
        }
        return Classes > 2 && positives != holdoutRows
            ? $"{path}.ranked: expected every held-out row positive for exactly one class, " +
              $"positives adding up to holdout_rows ({holdoutRows}), got {positives}"
            : null;
    }

    private string? Side(long[][] pairs, long holdoutRows, string at, out Int128 total)
    {
        total = 0;
        var previous = -1L;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i] is not { Length: 2 } pair) return $"{at}[{i}]: expected a pair [bin, count]";
            if (pair[0] <= previous || pair[0] >= Bins)
                return $"{at}[{i}]: expected bins ascending, each once, in [0, {Bins}), got {pair[0]} after {previous}";
            if (pair[1] < 0 || pair[1] > holdoutRows)
                return $"{at}[{i}]: expected a count between 0 and holdout_rows ({holdoutRows}), got {pair[1]}";
            previous = pair[0];
            total += pair[1];
        }
        return null;
    }

    private static long[][] Pairs(ReadOnlySpan<long> counts)
    {
        var pairs = new List<long[]>();
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] != 0) pairs.Add([b, counts[b]]);
        }
        return [.. pairs];
    }
}
