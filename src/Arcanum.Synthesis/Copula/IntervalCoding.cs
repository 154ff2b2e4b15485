using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Synthesis.Copula;

/// <summary>
/// A discrete value (a level, or "missing") as a stretch of the unit interval, SDV-style: the values seen
/// are laid out by decreasing frequency as consecutive intervals as wide as their shares, a value maps to a
/// uniform draw inside its interval and then through Φ⁻¹, so the latent is continuous and standard normal.
/// Values never seen get no interval: they are never generated.
/// </summary>
internal sealed class IntervalCoding
{
    private readonly Dictionary<int, int> _position = [];

    /// <param name="codes">The values in layout order.</param>
    /// <param name="cuts">Interval ends on the unit line: 0, ..., 1, one more than <paramref name="codes"/>, increasing.</param>
    public IntervalCoding(int[] codes, double[] cuts)
    {
        if (codes.Length == 0) throw new ArgumentException("An interval coding needs at least one value.", nameof(codes));
        if (cuts.Length != codes.Length + 1 || cuts[0] != 0 || cuts[^1] != 1)
            throw new ArgumentException($"An interval coding of {codes.Length} values needs {codes.Length + 1} cuts from 0 to 1.", nameof(cuts));
        for (var j = 0; j < codes.Length; j++)
        {
            if (!(cuts[j] < cuts[j + 1])) throw new ArgumentException("The cuts of an interval coding must increase.", nameof(cuts));
            if (!_position.TryAdd(codes[j], j)) throw new ArgumentException($"Value {codes[j]} appears twice in an interval coding.", nameof(codes));
        }
        Codes = codes;
        Cuts = cuts;
        LatentCuts = cuts.Select(NormalDistribution.Quantile).ToArray();
    }

    public int[] Codes { get; }

    public double[] Cuts { get; }

    /// <summary>Φ⁻¹ of the cuts: −∞, ..., +∞.</summary>
    public double[] LatentCuts { get; }

    /// <summary>The layout of the values in <paramref name="observed"/>, most frequent first (ties: smaller value first).</summary>
    public static IntervalCoding FromObserved(IReadOnlyList<int> observed)
    {
        var counts = new SortedDictionary<int, long>();
        foreach (var code in observed) counts[code] = counts.GetValueOrDefault(code) + 1;
        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).ToArray();
        var cuts = new double[ordered.Length + 1];
        long cumulative = 0;
        for (var j = 0; j < ordered.Length; j++)
        {
            cumulative += ordered[j].Value;
            cuts[j + 1] = (double)cumulative / observed.Count;
        }
        return new IntervalCoding(ordered.Select(kv => kv.Key).ToArray(), cuts);
    }

    /// <summary>A latent value for <paramref name="code"/>: Φ⁻¹ of a uniform draw inside its interval.</summary>
    public double Encode(int code, Random random)
    {
        var j = _position[code];
        var u = Cuts[j] + random.OpenUniform() * (Cuts[j + 1] - Cuts[j]);
        return NormalDistribution.Quantile(Math.Clamp(u, Cuts[j], Cuts[j + 1]));
    }

    /// <summary>The latent interval of <paramref name="code"/>: Φ⁻¹ of its ends.</summary>
    public Interval Bounds(int code)
    {
        var j = _position[code];
        return new Interval(LatentCuts[j], LatentCuts[j + 1]);
    }

    /// <summary>The value whose latent interval holds <paramref name="z"/>.</summary>
    public int Decode(double z)
    {
        int lo = 0, hi = Codes.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (LatentCuts[mid] <= z) lo = mid;
            else hi = mid - 1;
        }
        return Codes[lo];
    }

    /// <summary>The latent set of the allowed values; empty when none of them has an interval.</summary>
    public Interval[] Latent(Func<int, bool> allowed)
    {
        var intervals = new List<Interval>();
        for (var j = 0; j < Codes.Length; j++)
        {
            if (allowed(Codes[j])) intervals.Add(new Interval(LatentCuts[j], LatentCuts[j + 1]));
        }
        return LatentSet.Normalize(intervals);
    }

    public JsonObject ToJson() => new()
    {
        ["codes"] = new JsonArray(Codes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        ["cuts"] = new JsonArray(Cuts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
    };

    public static IntervalCoding FromJson(JsonNode node) => new(
        node.RequiredArray("codes").Values<int>(),
        node.RequiredArray("cuts").Values<double>());
}
