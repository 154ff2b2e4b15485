using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Arcanum.Provisioning;

/// <summary>Key pairs and signature settings for each <see cref="KeyAlgorithm"/>.</summary>
internal static class Keys
{
    public static AsymmetricAlgorithm Generate(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        KeyAlgorithm.Rsa3072 => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    /// <summary>SHA-384 with P-384 (matching strength), SHA-256 with RSA.</summary>
    public static HashAlgorithmName Hash(AsymmetricAlgorithm key) => key is ECDsa ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static X509SignatureGenerator Signer(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException($"unsupported key type {key.GetType().Name}"),
    };

    public static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => certificate.CopyWithPrivateKey(ec),
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        _ => throw new NotSupportedException($"unsupported key type {key.GetType().Name}"),
    };

    /// <summary>The private key of <paramref name="certificate"/>, whichever type it is.</summary>
    public static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new ProvisioningException($"certificate '{certificate.Subject}' has no usable private key.");

    /// <summary>PKCS#8 PEM, with the intermediate buffers wiped once written.</summary>
    public static byte[] ToPkcs8Pem(AsymmetricAlgorithm key)
    {
        var der = key.ExportPkcs8PrivateKey();
        char[]? pem = null;
        try
        {
            pem = PemEncoding.Write("PRIVATE KEY", der);
            var bytes = new byte[Encoding.ASCII.GetByteCount(pem) + 1];
            Encoding.ASCII.GetBytes(pem, bytes);
            bytes[^1] = (byte)'\n';
            return bytes;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
            if (pem is not null) Array.Clear(pem);
        }
    }
}
