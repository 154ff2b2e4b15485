using System.Security.Cryptography;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Authenticated encryption of the two shares one site sends another: AES-256-GCM under
/// HKDF(ECDH(c_sender, c_recipient), round, sender, recipient), with round, sender and recipient also as
/// associated data, so the server can neither read a share nor redirect it to another site or round.
/// </summary>
internal static class ShareCipher
{
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int PlainLength = 2 * Shamir.ShareLength;
    public const int CiphertextLength = NonceLength + PlainLength + TagLength;

    public static void Encrypt(byte[] agreement, string roundId, int sender, int recipient,
        byte[] selfMaskShare, byte[] maskKeyShare, IRandomBytes random, Span<byte> destination)
    {
        var nonce = destination[..NonceLength];
        random.Fill(nonce);
        using var gcm = new AesGcm(KeyDerivation.ShareKey(agreement, roundId, sender, recipient), TagLength);
        byte[] plain = [.. selfMaskShare, .. maskKeyShare];
        gcm.Encrypt(nonce, plain, destination.Slice(NonceLength, PlainLength),
            destination.Slice(NonceLength + PlainLength, TagLength),
            KeyDerivation.ShareAssociatedData(roundId, sender, recipient));
    }

    public static (byte[] SelfMaskShare, byte[] MaskKeyShare) Decrypt(
        byte[] agreement, string roundId, int sender, int recipient, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length != CiphertextLength)
            throw new SecAggException($"The shares from site {sender} have the wrong length.");
        var plain = new byte[PlainLength];
        using var gcm = new AesGcm(KeyDerivation.ShareKey(agreement, roundId, sender, recipient), TagLength);
        try
        {
            gcm.Decrypt(ciphertext[..NonceLength], ciphertext.Slice(NonceLength, PlainLength),
                ciphertext.Slice(NonceLength + PlainLength, TagLength), plain,
                KeyDerivation.ShareAssociatedData(roundId, sender, recipient));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecAggException($"The shares from site {sender} fail authentication; they were altered.", e);
        }
        return (plain[..Shamir.ShareLength], plain[Shamir.ShareLength..]);
    }
}
