using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// Checks that a certificate was issued directly by the project CA, trusting that CA alone (not the
/// machine's trust store) and without network revocation lookups: revocation is the project's CRL.
/// </summary>
internal static class ProjectChain
{
    /// <summary>Null when <paramref name="leaf"/> chains to <paramref name="ca"/> at <paramref name="at"/>; otherwise why not.</summary>
    public static string? Check(X509Certificate2 leaf, X509Certificate2 ca, string project, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        var built = chain.Build(leaf);
        var notFromCa = $"was not issued by the {project} project CA (issuer: {leaf.Issuer})";
        if (!built)
        {
            var status = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
            if ((status & X509ChainStatusFlags.NotTimeValid) != 0 && chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(ca.RawData))
                return $"chains to the {project} project CA, but the CA certificate is not valid at {Timestamps.Format(at)}";
            const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid;
            return (status & untrusted) != 0
                ? notFromCa
                : $"{notFromCa}: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
        }
        // Participants are issued by the CA itself (pathlen 0); a one-element chain is the CA presenting itself.
        return chain.ChainElements.Count == 2 ? null : notFromCa;
    }
}
