using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Provisioning;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's keys for secure aggregation on a network: it signs its round keys with its kit certificate's
/// private key and sends the certificate along; it accepts a neighbour's round keys only under a
/// certificate the project CA issued to a site of this project with that neighbour's name. So the server,
/// which relays every key, cannot slip in keys of its own: it would need the CA's key to forge a certificate.
/// </summary>
/// <remarks>
/// A certificate that passed is remembered by its exact bytes, under the name it was accepted for, while the clock lies
/// within both its and the CA's validity: building an X.509 chain costs milliseconds, and every round's key step checks
/// every neighbour's certificate again. Sites have no CRL, so nothing else could change the verdict in between.
/// </remarks>
public sealed class SiteKeys
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _ca;
    private readonly PeerValidator _validator;
    private readonly TimeProvider _clock;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Accepted> _accepted = new(StringComparer.Ordinal);

    /// <summary>A certificate that passed: whose it is, and the span in which that verdict holds.</summary>
    private sealed record Accepted(string Name, DateTimeOffset From, DateTimeOffset Until);

    /// <param name="certificate">This site's certificate, with its private key (the kit's).</param>
    /// <param name="ca">The project CA certificate.</param>
    /// <param name="project">The project name every certificate carries.</param>
    /// <param name="clock">The time certificates are checked at.</param>
    public SiteKeys(X509Certificate2 certificate, X509Certificate2 ca, string project, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("The site certificate must come with its private key.", nameof(certificate));
        ArgumentNullException.ThrowIfNull(ca);
        _certificate = certificate;
        _ca = ca;
        _clock = clock ?? TimeProvider.System;
        _validator = new PeerValidator(ca, project, clock: _clock);
    }

    /// <summary>This site's side of secure aggregation for one job (with its client-level DP, whose noise share the site adds).</summary>
    public SecureSite CreateSecureSite(string site, Federated.Privacy.ClientDpOptions? clientDp = null)
    {
        AsymmetricAlgorithm key = _certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? _certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("The site certificate has neither an ECDSA nor an RSA private key.");
        return new SecureSite(site, new AsymmetricSignatureKey(key), PeerKey, certificate: _certificate.RawData, clientDp: clientDp);
    }

    /// <summary>The signing key of site <paramref name="name"/>, from the certificate its advertisement carried.</summary>
    /// <exception cref="SecAggException">No certificate, or one that is not the project CA's for that site.</exception>
    public ISiteSignatureKey PeerKey(string name, byte[]? certificate)
    {
        if (certificate is not { Length: > 0 })
            throw new SecAggException($"Site '{name}''s round keys came without its certificate, so they cannot be checked; the round is abandoned.");
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadCertificate(certificate);
        }
        catch (CryptographicException e)
        {
            throw new SecAggException($"Site '{name}''s certificate does not parse ({e.Message}); the round is abandoned.");
        }
        using (cert)
        {
            var thumbprint = Convert.ToHexString(SHA256.HashData(cert.RawData));
            var now = _clock.GetUtcNow();
            if (_accepted.TryGetValue(thumbprint, out var known) && known.Name == name && now >= known.From && now < known.Until)
                return AsymmetricSignatureKey.FromCertificate(cert);
            var check = _validator.Validate(cert);
            if (!check.IsValid)
                throw new SecAggException($"Site '{name}''s certificate was refused: {check.Reason}. Its round keys may have been substituted; the round is abandoned.");
            if (check.Identity!.Kind != ParticipantKind.Site || check.Identity.Name != name)
                throw new SecAggException($"The certificate sent as site '{name}''s belongs to {check.Identity.Description} '{check.Identity.Name}'; " +
                    "its round keys may have been substituted; the round is abandoned.");
            _accepted[thumbprint] = new Accepted(name, Later(Utc(cert.NotBefore), Utc(_ca.NotBefore)), Earlier(Utc(cert.NotAfter), Utc(_ca.NotAfter)));
            return AsymmetricSignatureKey.FromCertificate(cert);
        }
    }

    private static DateTimeOffset Utc(DateTime t) => new(t.ToUniversalTime());

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
