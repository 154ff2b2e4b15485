using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// Decides whether a TLS peer belongs to the project: its certificate chains to the project CA (and
/// to nothing else), is within its dates, is meant for the role it plays, names a participant of this
/// project, and is not on the CRL. Use <see cref="Validate"/> for clients (in a server's
/// RemoteCertificateValidationCallback) and <see cref="ValidateServer"/> in sites and admins.
/// </summary>
public sealed class PeerValidator
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _ca;
    private readonly string _project;
    private readonly CrlWatcher? _crl;
    private readonly TimeProvider _clock;

    /// <param name="ca">The project CA certificate (ca.pem of any kit).</param>
    /// <param name="project">The project name every accepted certificate must carry (O=).</param>
    /// <param name="crlPath">
    /// The CRL to check against (a server kit's crl.pem), or null for none. It must be signed by
    /// <paramref name="ca"/>; it is re-read when the file changes. A missing or bad CRL refuses everyone.
    /// </param>
    /// <param name="clock">The time certificates are checked at; the system clock by default.</param>
    public PeerValidator(X509Certificate2 ca, string project, string? crlPath = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentException.ThrowIfNullOrEmpty(project);
        _ca = ca;
        _project = project;
        _crl = crlPath is null ? null : new CrlWatcher(Path.GetFullPath(crlPath), ca);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Checks a client certificate (site or admin). The signature matches
    /// <see cref="RemoteCertificateValidationCallback"/>: the platform's chain and errors are ignored,
    /// because they judge the certificate against the machine's trust store, not the project CA.
    /// </summary>
    public PeerCheck Validate(X509Certificate? certificate, X509Chain? chain = null, SslPolicyErrors errors = SslPolicyErrors.None)
    {
        if (certificate is null) return PeerCheck.Fail("no client certificate");
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var cert = owned ?? (X509Certificate2)certificate;
        var who = $"certificate of '{cert.GetNameInfo(X509NameType.SimpleName, false)}'";

        if (CheckCommon(cert, who) is { } problem) return PeerCheck.Fail(problem);
        if (!HasUsage(cert, ClientAuth)) return PeerCheck.Fail($"{who} is not for client authentication");
        if (!ParticipantIdentity.TryFromCertificate(cert, out var identity)) return PeerCheck.Fail($"{who} does not name an Arcanum participant (subject: {cert.Subject})");
        if (identity.Kind == ParticipantKind.Server) return PeerCheck.Fail($"{who} is a server certificate, not a site's or admin's");
        return CheckProjectAndRevocation(cert, identity, who);
    }

    /// <summary>
    /// Checks the server certificate a site or admin sees when connecting to <paramref name="expectedHost"/>:
    /// issued by the project CA, within its dates, for server authentication, OU=server, and a
    /// subject alternative name matching the host (DNS name or IP address).
    /// </summary>
    public PeerCheck ValidateServer(X509Certificate? certificate, string expectedHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedHost);
        if (certificate is null) return PeerCheck.Fail("no server certificate");
        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var cert = owned ?? (X509Certificate2)certificate;
        var who = $"server certificate '{cert.GetNameInfo(X509NameType.SimpleName, false)}'";

        if (CheckCommon(cert, who) is { } problem) return PeerCheck.Fail(problem);
        if (!HasUsage(cert, ServerAuth)) return PeerCheck.Fail($"{who} is not for server authentication");
        if (!ParticipantIdentity.TryFromCertificate(cert, out var identity) || identity.Kind != ParticipantKind.Server)
            return PeerCheck.Fail($"{who} is not the project's server certificate (subject: {cert.Subject})");
        if (!cert.MatchesHostname(expectedHost.Trim('[', ']'), allowWildcards: false, allowCommonName: false))
            return PeerCheck.Fail($"{who} is not valid for host '{expectedHost}' (connect with a name from its subject alternative names)");
        return CheckProjectAndRevocation(cert, identity, who);
    }

    private string? CheckCommon(X509Certificate2 cert, string who)
    {
        var now = _clock.GetUtcNow();
        if (now > Timestamps.NotAfter(cert)) return $"{who} expired on {Timestamps.Format(Timestamps.NotAfter(cert))}";
        if (now < Timestamps.NotBefore(cert)) return $"{who} is not valid until {Timestamps.Format(Timestamps.NotBefore(cert))}";
        return ProjectChain.Check(cert, _ca, _project, now) is { } chainProblem ? $"{who} {chainProblem}" : null;
    }

    private PeerCheck CheckProjectAndRevocation(X509Certificate2 cert, ParticipantIdentity identity, string who)
    {
        if (!string.Equals(identity.Project, _project, StringComparison.Ordinal))
            return PeerCheck.Fail($"{who} is for project '{identity.Project}', not '{_project}'");
        if (_crl is null) return PeerCheck.Ok(identity);
        CrlFile crl;
        try
        {
            crl = _crl.Current;
        }
        catch (Exception e) when (e is ProvisioningException or IOException or UnauthorizedAccessException)
        {
            return PeerCheck.Fail($"cannot check revocation, so nobody is accepted: {e.Message}");
        }
        return crl.IsRevoked(cert)
            ? PeerCheck.Fail($"{who} (serial {Serials.Normalize(cert.SerialNumberBytes.Span)}) is revoked")
            : PeerCheck.Ok(identity);
    }

    private static bool HasUsage(X509Certificate2 cert, string oid) =>
        cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(u => u.Value == oid));
}
