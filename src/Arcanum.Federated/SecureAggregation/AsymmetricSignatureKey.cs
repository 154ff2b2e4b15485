using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// <see cref="ISiteSignatureKey"/> over a base-library key: ECDSA (P-256 with SHA-256, P-384 with SHA-384,
/// P-521 with SHA-512, IEEE P1363 signatures) or RSA (SHA-256 with PSS padding), the key types an Arcanum
/// kit's certificates carry.
/// </summary>
public sealed class AsymmetricSignatureKey : ISiteSignatureKey
{
    private readonly AsymmetricAlgorithm _key;
    private readonly HashAlgorithmName _hash;

    public AsymmetricSignatureKey(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key switch
        {
            ECDsa or RSA => key,
            _ => throw new ArgumentException(
                $"Secure aggregation signs with ECDSA or RSA keys; got {key.GetType().Name}.", nameof(key)),
        };
        _hash = key is ECDsa ? key.KeySize switch
        {
            <= 256 => HashAlgorithmName.SHA256,
            <= 384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        } : HashAlgorithmName.SHA256;
        if (key is RSA && key.KeySize < 2048)
            throw new ArgumentException($"RSA signing keys need at least 2048 bits; got {key.KeySize}.", nameof(key));
    }

    /// <summary>
    /// A fresh ECDSA P-256 key, for simulations without provisioned kits (P-256 signs and verifies many
    /// times faster than P-384 here, and a simulated round verifies n·k signatures in one process).
    /// </summary>
    public static AsymmetricSignatureKey CreateEphemeral() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public key of a site certificate, for verifying that site's round keys.</summary>
    public static AsymmetricSignatureKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        AsymmetricAlgorithm key = certificate.GetECDsaPublicKey() as AsymmetricAlgorithm
            ?? certificate.GetRSAPublicKey()
            ?? throw new ArgumentException("The certificate has neither an ECDSA nor an RSA key.", nameof(certificate));
        return new AsymmetricSignatureKey(key);
    }

    /// <summary>The public half only, as a neighbour would hold it.</summary>
    public AsymmetricSignatureKey PublicOnly()
    {
        AsymmetricAlgorithm copy = _key is ECDsa ec
            ? ECDsa.Create(ec.ExportParameters(false))
            : RSA.Create(((RSA)_key).ExportParameters(false));
        return new AsymmetricSignatureKey(copy);
    }

    public byte[] Sign(byte[] message) => _key switch
    {
        ECDsa ec => ec.SignData(message, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        RSA rsa => rsa.SignData(message, _hash, RSASignaturePadding.Pss),
        _ => throw new InvalidOperationException(),
    };

    public bool Verify(byte[] message, byte[] signature)
    {
        try
        {
            return _key switch
            {
                ECDsa ec => ec.VerifyData(
                    message, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                RSA rsa => rsa.VerifyData(message, signature, _hash, RSASignaturePadding.Pss),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
