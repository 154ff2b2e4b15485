namespace Arcanum.Federated.Algorithms;

/// <summary>
/// Picks the sites that take part in a round: max(minSites, ⌈fraction·N⌉) of the N sites, capped at
/// N, chosen uniformly without replacement. The choice depends only on (seed, round), so a resumed
/// or repeated run samples the same sites, and it is returned in the original site order.
/// </summary>
public static class ClientSampler
{
    public static IReadOnlyList<string> Sample(int round, IReadOnlyList<string> sites, double fraction, int minSites, int seed)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count == 0)
            throw new ArgumentException("There are no sites to sample from.", nameof(sites));
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of sites per round must be in (0, 1]; use 1 for every site.");
        if (minSites < 0)
            throw new ArgumentOutOfRangeException(nameof(minSites), minSites, "The minimum number of sites per round cannot be negative.");
        if (sites.Distinct(StringComparer.Ordinal).Count() != sites.Count)
            throw new ArgumentException("Site names must be unique.", nameof(sites));

        var n = sites.Count;
        // Round away float noise first: 0.3·10 is 3.0000000000000004 and must not become 4.
        var wanted = (int)Math.Ceiling(Math.Round(fraction * n, 9));
        var k = Math.Min(n, Math.Max(minSites, wanted));
        if (k == n) return [.. sites];

        // Partial Fisher–Yates on indices with a generator of our own (System.Random's sequence is
        // not a documented contract), then restore the original order.
        var indices = Enumerable.Range(0, n).ToArray();
        var state = Mix((ulong)(uint)seed << 32 | (uint)round);
        for (var i = 0; i < k; i++)
        {
            var j = i + (int)(Next(ref state) % (ulong)(n - i));
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        var chosen = indices[..k];
        Array.Sort(chosen);
        return [.. chosen.Select(i => sites[i])];
    }

    // SplitMix64 (Steele, Lea and Flood 2014): small, fast and fully specified.
    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
