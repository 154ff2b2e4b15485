using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// A parsed, signature-checked CRL (RFC 5280 §5.1). The base library builds CRLs but does not list
/// their entries, so the structure is read here with <see cref="AsnReader"/>; the signature is checked
/// against the CA's public key with the base library's ECDsa/RSA verifiers.
/// </summary>
internal sealed class CrlFile
{
    private static readonly Dictionary<string, HashAlgorithmName> SignatureHashes = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.4.3.2"] = HashAlgorithmName.SHA256, // ecdsa-with-SHA256
        ["1.2.840.10045.4.3.3"] = HashAlgorithmName.SHA384, // ecdsa-with-SHA384
        ["1.2.840.10045.4.3.4"] = HashAlgorithmName.SHA512, // ecdsa-with-SHA512
        ["1.2.840.113549.1.1.11"] = HashAlgorithmName.SHA256, // sha256WithRSAEncryption
        ["1.2.840.113549.1.1.12"] = HashAlgorithmName.SHA384, // sha384WithRSAEncryption
        ["1.2.840.113549.1.1.13"] = HashAlgorithmName.SHA512, // sha512WithRSAEncryption
    };

    private CrlFile(BigInteger number, IReadOnlySet<string> revokedSerials)
    {
        Number = number;
        RevokedSerials = revokedSerials;
    }

    /// <summary>The CRL number: it grows by one with every revocation.</summary>
    public BigInteger Number { get; }

    /// <summary>Revoked serial numbers, normalised by <see cref="Serials.Normalize(ReadOnlySpan{byte})"/>.</summary>
    public IReadOnlySet<string> RevokedSerials { get; }

    public bool IsRevoked(X509Certificate2 certificate) => RevokedSerials.Contains(Serials.Normalize(certificate.SerialNumberBytes.Span));

    /// <summary>Reads a PEM CRL and checks that <paramref name="ca"/> signed it.</summary>
    public static CrlFile Load(string path, X509Certificate2 ca)
    {
        byte[] der;
        try
        {
            var pem = File.ReadAllText(path);
            var fields = PemEncoding.Find(pem);
            if (!pem.AsSpan()[fields.Label].SequenceEqual("X509 CRL")) throw new ProvisioningException($"'{path}' is not a CRL (PEM label {pem[fields.Label]}).");
            der = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (ArgumentException e)
        {
            throw new ProvisioningException($"'{path}' is not a PEM CRL: {e.Message}", e);
        }
        try
        {
            return Parse(der, ca);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw new ProvisioningException($"'{path}' is not a valid CRL: {e.Message}", e);
        }
    }

    public static CrlFile Parse(byte[] der, X509Certificate2 ca)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var tbsBytes = certList.ReadEncodedValue();
        var algorithm = certList.ReadSequence().ReadObjectIdentifier();
        var signature = certList.ReadBitString(out _);
        if (!VerifySignature(ca, algorithm, tbsBytes.Span, signature))
            throw new CryptographicException($"its signature does not verify against the project CA '{ca.Subject}'");

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger(); // version
        tbs.ReadSequence(); // signature algorithm, repeated
        if (!tbs.ReadEncodedValue().Span.SequenceEqual(ca.SubjectName.RawData))
            throw new CryptographicException($"it was not issued by the project CA '{ca.Subject}'");
        tbs.ReadEncodedValue(); // thisUpdate
        if (tbs.HasData && IsTime(tbs.PeekTag())) tbs.ReadEncodedValue(); // nextUpdate

        var serials = new HashSet<string>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                serials.Add(Serials.Normalize(entry.ReadIntegerBytes().Span));
            }
        }
        CertificateRevocationListBuilder.Load(der, out var number);
        return new CrlFile(number, serials);
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static bool VerifySignature(X509Certificate2 ca, string? algorithm, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        if (algorithm is null || !SignatureHashes.TryGetValue(algorithm, out var hash))
            throw new CryptographicException($"unsupported CRL signature algorithm {algorithm}");
        using var ec = ca.GetECDsaPublicKey();
        if (ec is not null) return ec.VerifyData(signed, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        using var rsa = ca.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
