namespace Arcanum.Federated.Jobs;

/// <summary>"Did you mean …?" for a mistyped key or name: the closest known name by edit distance, when it is close.</summary>
internal static class NearestName
{
    /// <summary>The known name closest to <paramref name="typed"/> (case ignored), or null when none is within a third of its length (at least 2 edits).</summary>
    public static string? Find(string typed, IEnumerable<string> known)
    {
        var lower = typed.Trim().ToLowerInvariant();
        var best = known.Select(k => (Name: k, Distance: Distance(lower, k.ToLowerInvariant()))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, lower.Length / 3) ? best.Name : null;
    }

    /// <summary>" Did you mean 'x'?" or "".</summary>
    public static string Suggestion(string typed, IEnumerable<string> known) =>
        Find(typed, known) is { } near ? $" Did you mean '{near}'?" : "";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
