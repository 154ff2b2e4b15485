using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// HKDF-SHA256 (RFC 5869) derivations and the byte strings that get signed or authenticated. Every key
/// is bound to its purpose, the round and the sites involved, so no key serves two uses and a message
/// from one round or pair cannot be replayed into another.
/// </summary>
internal static class KeyDerivation
{
    private const string Version = "arcanum-secagg/v1";

    public static byte[] GraphKey(ReadOnlySpan<byte> seed) => Derive(seed, Info("graph", "", []));

    /// <summary>AES key for the self mask PRG(b_u).</summary>
    public static byte[] SelfMaskKey(ReadOnlySpan<byte> seed, string roundId, int site) =>
        Derive(seed, Info("self-mask", roundId, [site]));

    /// <summary>AES key for the pairwise mask; symmetric in the two sites, as both must derive it.</summary>
    public static byte[] PairMaskKey(ReadOnlySpan<byte> agreement, string roundId, int a, int b) =>
        Derive(agreement, Info("pair-mask", roundId, [Math.Min(a, b), Math.Max(a, b)]));

    /// <summary>AES-GCM key for shares sent from <paramref name="sender"/> to <paramref name="recipient"/>.</summary>
    public static byte[] ShareKey(ReadOnlySpan<byte> agreement, string roundId, int sender, int recipient) =>
        Derive(agreement, Info("share", roundId, [sender, recipient]));

    /// <summary>Associated data of an encrypted share: round, sender and recipient.</summary>
    public static byte[] ShareAssociatedData(string roundId, int sender, int recipient) =>
        Info("share-ad", roundId, [sender, recipient]);

    /// <summary>What a site signs when it advertises its round keys.</summary>
    public static byte[] KeyTranscript(string roundId, int site, byte[] encryptionKey, byte[] maskKey) =>
        [.. Info("keys", roundId, [site]), .. encryptionKey, .. maskKey];

    private static byte[] Derive(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> info)
    {
        var key = new byte[AesCtr.KeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, salt: [], info);
        return key;
    }

    /// <summary>Version ‖ 0 ‖ purpose ‖ 0 ‖ len(round) ‖ round ‖ ids, each id 4 bytes big-endian.</summary>
    private static byte[] Info(string purpose, string roundId, int[] ids)
    {
        var round = Encoding.UTF8.GetBytes(roundId);
        var head = Encoding.ASCII.GetBytes($"{Version}\0{purpose}\0");
        var bytes = new byte[head.Length + 4 + round.Length + 4 * ids.Length];
        head.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(head.Length), round.Length);
        round.CopyTo(bytes, head.Length + 4);
        for (var i = 0; i < ids.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(head.Length + 4 + round.Length + 4 * i), ids[i]);
        return bytes;
    }
}
