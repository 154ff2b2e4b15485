using System.Numerics;
using System.Security.Cryptography;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Round key pairs on NIST P-256 (128-bit security, like the AES and SHA-256 keys derived from them),
/// public keys as 65-byte uncompressed points (0x04 ‖ X ‖ Y) so every message field has a fixed length.
/// Private scalars come from the injected random source so a seeded simulation is reproducible.
/// </summary>
/// <remarks>
/// Flower uses P-384; on the base library's OpenSSL back end P-256 key agreement measured about 15 times
/// faster (0.5 ms against 8 ms), and a site does 2k of them per round. Long-term signing keys are separate
/// and may be P-384 or RSA-3072.
/// </remarks>
internal static class EcKeys
{
    public const int ScalarLength = 32;
    public const int PointLength = 1 + 2 * ScalarLength;

    private static readonly ECCurve Curve = ECCurve.NamedCurves.nistP256;

    private static readonly BigInteger Order = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
        System.Globalization.NumberStyles.HexNumber);

    public static ECDiffieHellman Generate(IRandomBytes random)
    {
        var d = new byte[ScalarLength];
        while (true)
        {
            random.Fill(d);
            var value = new BigInteger(d, isUnsigned: true, isBigEndian: true);
            if (value.Sign > 0 && value < Order) break;
        }
        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters { Curve = Curve, D = d });
        return key;
    }

    public static byte[] PublicPoint(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    public static byte[] PrivateScalar(ECDiffieHellman key) => key.ExportParameters(true).D!;

    /// <summary>
    /// Rebuilds a private key from a reconstructed scalar and checks it against the advertised public key,
    /// so inconsistent shares fail loudly instead of leaving masks in the sum.
    /// </summary>
    public static ECDiffieHellman FromScalar(byte[] d, byte[] expectedPoint, int site)
    {
        var key = ECDiffieHellman.Create();
        key.ImportParameters(new ECParameters { Curve = Curve, D = d });
        if (!PublicPoint(key).AsSpan().SequenceEqual(expectedPoint))
        {
            key.Dispose();
            throw new SecAggException($"The mask key rebuilt for site {site} does not match its advertised key.");
        }
        return key;
    }

    /// <summary>The raw ECDH shared secret (the X coordinate); an input to HKDF, never a key itself.</summary>
    public static byte[] Agree(ECDiffieHellman own, byte[] peerPoint)
    {
        if (peerPoint.Length != PointLength || peerPoint[0] != 0x04)
            throw new SecAggException("A public key is not an uncompressed P-256 point.");
        using var peer = ECDiffieHellman.Create();
        try
        {
            peer.ImportParameters(new ECParameters
            {
                Curve = Curve,
                Q = new ECPoint { X = peerPoint[1..(1 + ScalarLength)], Y = peerPoint[(1 + ScalarLength)..] },
            });
        }
        catch (CryptographicException e)
        {
            throw new SecAggException("A public key is not a valid P-256 point.", e);
        }
        using var peerPublic = peer.PublicKey;
        return own.DeriveRawSecretAgreement(peerPublic);
    }
}
