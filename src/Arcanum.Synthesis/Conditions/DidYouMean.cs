namespace Arcanum.Synthesis.Conditions;

/// <summary>The closest known name to a mistyped one, for "did you mean" in error messages.</summary>
internal static class DidYouMean
{
    /// <summary>
    /// A candidate equal to <paramref name="typed"/> ignoring case, else the one at the smallest edit distance
    /// (case-insensitive) if that distance is at most a third of the typed length (at least 1, at most 3); else null.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var all = candidates.ToList();
        var sameButCase = all.FirstOrDefault(c => string.Equals(c, typed, StringComparison.OrdinalIgnoreCase));
        if (sameButCase is not null) return sameButCase;
        var allowed = Math.Clamp(typed.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in all)
        {
            var d = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>"Did you mean 'x'? " or "" when nothing is close.</summary>
    public static string Phrase(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } match ? $"Did you mean '{match}'? " : "";

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
