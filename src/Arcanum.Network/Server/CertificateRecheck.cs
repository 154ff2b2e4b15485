using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Provisioning;

namespace Arcanum.Network.Server;

/// <summary>
/// The server's per-call certificate check: the full <see cref="PeerValidator"/> verdict (chain,
/// dates, revocation list) costs about a millisecond, so it is kept per certificate until the
/// revocation list changes on disk or a minute has passed (for the validity dates). A revocation
/// therefore applies at the caller's next call.
/// </summary>
public sealed class CertificateRecheck(PeerValidator validator, string? crlPath, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (long Stamp, DateTimeOffset Checked, string? Problem)> _verdicts = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="certificate"/> is accepted, else why not.</summary>
    public string? Problem(X509Certificate2 certificate)
    {
        var stamp = CrlStamp();
        var now = clock.GetUtcNow();
        var key = certificate.Thumbprint;
        if (_verdicts.TryGetValue(key, out var known) && known.Stamp == stamp && now - known.Checked < Fresh) return known.Problem;
        var check = validator.Validate(certificate);
        var problem = check.IsValid ? null : check.Reason;
        _verdicts[key] = (stamp, now, problem);
        return problem;
    }

    private long CrlStamp()
    {
        if (crlPath is null) return 0;
        var info = new FileInfo(crlPath);
        return info.Exists ? HashCode.Combine(info.LastWriteTimeUtc.Ticks, info.Length) : -1;
    }
}
