using System.Buffers.Binary;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// SecAgg+'s sparse communication graph: the participants, shuffled by a seed the server publishes, sit
/// on a ring and each is joined to the k/2 nearest on either side (the Harary graph H(k, n) with a random
/// labelling). A site shares secrets and masks only with its k neighbours, so its cost grows with k, not n.
/// With k ≥ n − 1 every site neighbours every other (the original SecAgg).
/// </summary>
/// <remarks>H(k, n) with even k is k-connected: removing fewer than k sites leaves the rest connected.</remarks>
internal sealed class NeighbourGraph
{
    private readonly Dictionary<int, int> _position;
    private readonly int[] _ring;
    private readonly int _half;
    private readonly bool _complete;

    public NeighbourGraph(IReadOnlyList<int> participants, int neighbourCount, ReadOnlySpan<byte> seed)
    {
        _ring = [.. participants.Order()];
        Shuffle(_ring, seed);
        _position = _ring.Select((site, i) => (site, i)).ToDictionary(p => p.site, p => p.i);
        _complete = neighbourCount >= _ring.Length - 1;
        _half = neighbourCount / 2;
    }

    /// <summary>The sites that <paramref name="site"/> masks with and shares its secrets among.</summary>
    public IReadOnlyList<int> NeighboursOf(int site)
    {
        if (!_position.TryGetValue(site, out var p)) throw new SecAggException($"Site {site} is not in this round.");
        if (_complete) return [.. _ring.Where(s => s != site).Order()];
        var n = _ring.Length;
        var result = new List<int>(2 * _half);
        for (var d = 1; d <= _half; d++)
        {
            result.Add(_ring[(p + d) % n]);
            result.Add(_ring[(p - d + n) % n]);
        }
        return [.. result.Order()];
    }

    public bool AreNeighbours(int a, int b) => a != b && NeighboursOf(a).Contains(b);

    /// <summary>
    /// Whether <paramref name="sites"/> form one connected piece of the graph. If they do not, the server
    /// would learn the sum of each piece separately, so unmasking must not proceed.
    /// </summary>
    public bool IsConnected(IReadOnlyCollection<int> sites)
    {
        if (sites.Count == 0) return false;
        var members = sites.ToHashSet();
        var seen = new HashSet<int> { sites.First() };
        var frontier = new Queue<int>(seen);
        while (frontier.TryDequeue(out var site))
        {
            foreach (var next in NeighboursOf(site))
                if (members.Contains(next) && seen.Add(next)) frontier.Enqueue(next);
        }
        return seen.Count == members.Count;
    }

    /// <summary>Fisher–Yates with unbiased indices drawn from AES-CTR keyed by the seed.</summary>
    private static void Shuffle(int[] items, ReadOnlySpan<byte> seed)
    {
        using var stream = new AesCtr(KeyDerivation.GraphKey(seed));
        Span<byte> word = stackalloc byte[4];
        for (var i = items.Length - 1; i > 0; i--)
        {
            var bound = (uint)(i + 1);
            var limit = uint.MaxValue - uint.MaxValue % bound;
            uint r;
            do
            {
                stream.Generate(word);
                r = BinaryPrimitives.ReadUInt32LittleEndian(word);
            } while (r >= limit);
            var j = (int)(r % bound);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
