using System.Numerics;

namespace Arcanum.Federated.SecureAggregation;

public sealed partial class SecAggServer
{
    private const int SeedLength = 32;

    /// <summary>
    /// Closes step 4: rebuilds each survivor's self-mask seed and each dropped site's mask key from t shares,
    /// removes those masks from the sum and decodes it.
    /// </summary>
    /// <exception cref="SecAggException">Fewer than t sites answered, or some secret lacks t shares.</exception>
    public SecAggResult Finish()
    {
        Expect(Stage.Unmask);
        EnsureEnough(_responses.Count, "answered the unmask request");
        _stage = Stage.Done;
        var sum = _sum!;
        var masks = new List<(byte[] Key, int Sign)>();
        foreach (var survivor in _uploaded.Order())
        {
            var seed = Shamir.ToSecretBytes(Rebuild(survivor, r => (r.SelfMaskOwners, r.SelfMaskShares),
                "self-mask seed"), SeedLength);
            masks.Add((KeyDerivation.SelfMaskKey(seed, Setup.RoundId, survivor), -1));
        }
        foreach (var dropped in _shared.Keys.Where(s => !_uploaded.Contains(s)).Order())
            masks.AddRange(PairMasksOf(dropped));
        MaskExpander.Apply(masks, sum);
        // Segments: the weight's word, the vector's parts, the counts.
        var weight = sum.Words(0)[0];
        var counts = sum.Words(_vectorParts.Length + 1).ToArray().Select(c => (long)c).ToArray();
        var parts = new float[_vectorParts.Length][];
        for (var i = 0; i < parts.Length; i++)
        {
            // Each part is decoded in place, into the array whose words it held.
            parts[i] = sum.Segment(i + 1);
            Quantizer.Dequantize(sum.Words(i + 1), weight, Setup.ClippingRange, Setup.QuantizationLevels, parts[i]);
        }
        _sum = null;
        return new SecAggResult(parts, weight, [.. _uploaded.Order()], Setup.QuantizationStep * weight, counts);
    }

    /// <summary>
    /// A site that shared keys but sent no input left ± PRG(s_uv) in each surviving neighbour u's input;
    /// with its rebuilt mask key the server derives those pair keys, and these masks take them back out.
    /// </summary>
    private List<(byte[] Key, int Sign)> PairMasksOf(int dropped)
    {
        var survivors = _graph.NeighboursOf(dropped).Where(_uploaded.Contains).ToArray();
        if (survivors.Length == 0) return [];
        var scalar = Shamir.ToSecretBytes(Rebuild(dropped, r => (r.MaskKeyOwners, r.MaskKeyShares), "mask key"),
            EcKeys.ScalarLength);
        using var key = EcKeys.FromScalar(scalar, _advertised[dropped].MaskKey, dropped);
        return [.. survivors.Select(survivor => (KeyDerivation.PairMaskKey(EcKeys.Agree(key, _advertised[survivor].MaskKey), Setup.RoundId, survivor, dropped),
            survivor < dropped ? -1 : +1))];
    }

    /// <summary>Combines t shares of <paramref name="owner"/>'s secret held by it and its neighbours.</summary>
    private BigInteger Rebuild(int owner, Func<UnmaskResponse, (int[] Owners, byte[] Shares)> pick, string what)
    {
        var shares = new List<(int X, BigInteger Y)>();
        foreach (var holder in _graph.NeighboursOf(owner).Prepend(owner).Where(_responses.ContainsKey))
        {
            var (owners, bytes) = pick(_responses[holder]);
            var index = Array.IndexOf(owners, owner);
            if (index < 0) continue;
            shares.Add((Array.IndexOf(Setup.Participants, holder) + 1,
                Shamir.Decode(bytes.AsSpan(index * Shamir.ShareLength, Shamir.ShareLength))));
            if (shares.Count == Setup.Threshold) return Shamir.Combine(shares);
        }
        throw new SecAggException($"Only {shares.Count} shares of site {owner}'s {what} arrived; " +
            $"{Setup.Threshold} are needed. Too many of its neighbours dropped out; the round is abandoned.");
    }
}
