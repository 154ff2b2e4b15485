using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// The project CA: signs every participant certificate and the CRL. Its key lives only in
/// <c>project/ca.key.pem</c>; this type holds it in memory while a command runs.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    public const int LifetimeYears = 10;

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly AsymmetricAlgorithm _key;

    private CertificateAuthority(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public DateTimeOffset NotAfter => Timestamps.NotAfter(Certificate);

    /// <summary>A new self-signed CA for <paramref name="project"/>, valid 10 years from <paramref name="now"/>.</summary>
    public static CertificateAuthority Create(string project, KeyAlgorithm algorithm, DateTimeOffset now)
    {
        var key = Keys.Generate(algorithm);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"{project} Arcanum CA");
        subject.AddOrganizationName(project);
        var request = Request(subject.Build(), key, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var start = Timestamps.TruncateToSeconds(now) - Timestamps.ClockSkew;
        using var selfSigned = request.Create(request.SubjectName, Keys.Signer(key), start, start.AddYears(LifetimeYears), Serials.New());
        return new CertificateAuthority(Keys.WithPrivateKey(selfSigned, key), key);
    }

    /// <summary>The CA of an existing kits directory.</summary>
    public static CertificateAuthority Load(string certificatePath, string keyPath)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ProvisioningException($"cannot load the project CA from '{certificatePath}' and '{keyPath}': {e.Message}", e);
        }
        return new CertificateAuthority(certificate, Keys.PrivateKey(certificate));
    }

    /// <summary>
    /// Signs a certificate for <paramref name="identity"/> over <paramref name="subjectKey"/>. Dates are
    /// taken as given (tests issue expired certificates); callers clamp them to the CA's lifetime.
    /// </summary>
    public X509Certificate2 Issue(ParticipantIdentity identity, AsymmetricAlgorithm subjectKey, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<string>? serverNames = null)
    {
        var request = Request(identity.ToSubject(), subjectKey, _key);
        var usage = X509KeyUsageFlags.DigitalSignature | (subjectKey is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var isServer = identity.Kind == ParticipantKind.Server;
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(isServer ? ServerAuth : ClientAuth)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (isServer)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in serverNames ?? [])
            {
                if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
                else san.AddDnsName(name);
            }
            request.CertificateExtensions.Add(san.Build());
        }
        return request.Create(Certificate.SubjectName, Keys.Signer(_key), notBefore, notAfter, Serials.New());
    }

    /// <summary>Test support: a certificate with its private key, ready for TLS, with explicit dates.</summary>
    internal X509Certificate2 IssueWithKey(ParticipantIdentity identity, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<string>? serverNames = null)
    {
        using var key = Keys.Generate(_key is RSA ? KeyAlgorithm.Rsa3072 : KeyAlgorithm.EcdsaP384);
        using var certificate = Issue(identity, key, notBefore, notAfter, serverNames);
        using var withKey = Keys.WithPrivateKey(certificate, key);
        return Pkcs12.ForTls(withKey);
    }

    /// <summary>A CRL listing <paramref name="revoked"/> (serial hex, time), valid until the CA expires.</summary>
    public byte[] BuildCrl(IEnumerable<(string Serial, DateTimeOffset RevokedAt)> revoked, BigInteger number, DateTimeOffset now)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, at) in revoked) builder.AddEntry(Convert.FromHexString(serial), at);
        var thisUpdate = Timestamps.TruncateToSeconds(now);
        // Arcanum replaces the CRL on every revocation and never lets it lapse: it is valid as long as the CA.
        var nextUpdate = NotAfter > thisUpdate ? NotAfter : thisUpdate.AddDays(1);
        return builder.Build(Certificate, number, nextUpdate, Keys.Hash(_key), _key is RSA ? RSASignaturePadding.Pkcs1 : null, thisUpdate);
    }

    public byte[] PrivateKeyPem() => Keys.ToPkcs8Pem(_key);

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    /// <summary>A request for <paramref name="subjectKey"/>, signed the way <paramref name="issuerKey"/> signs.</summary>
    private static CertificateRequest Request(X500DistinguishedName subject, AsymmetricAlgorithm subjectKey, AsymmetricAlgorithm issuerKey) =>
        new(subject, new PublicKey(subjectKey), Keys.Hash(issuerKey), issuerKey is RSA ? RSASignaturePadding.Pkcs1 : null);
}
