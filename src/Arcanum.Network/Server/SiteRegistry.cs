using System.Collections.Concurrent;
using Arcanum.Federated.Engine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Network.Protocol;

namespace Arcanum.Network.Server;

/// <summary>A connected site as the server sees it.</summary>
public sealed class SiteState(string name)
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Datasets { get; set; } = [];
    public SitePolicy Policy { get; set; } = new();
    public string Software { get; set; } = "";
    public string CertificateExpires { get; set; } = "";
    public long LastSeenMs;

    /// <summary>The session of the site's latest registration: only calls carrying it are served.</summary>
    public string Session { get; set; } = "";

    /// <summary>How many times the site registered from a new process since the server started (see <see cref="SiteRegistry.Registration"/>).</summary>
    public long Registrations;

    /// <summary>The process instance of its latest registration ("" when the site sent none).</summary>
    public string Instance { get; set; } = "";

    /// <summary>The certificate it registered with, re-checked against the revocation list while it is connected.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Why its certificate is no longer accepted (revoked, expired), or null.</summary>
    public volatile string? Refused;
}

/// <summary>How a call's session compares with the site's registration.</summary>
public enum SessionCheck
{
    Current,
    /// <summary>No registration since the server started, or no session header.</summary>
    Unknown,
    /// <summary>A newer registration with the same certificate replaced this session.</summary>
    Superseded,
}

/// <summary>
/// Which sites are registered and alive. A site is online while it has called within the
/// heartbeat timeout and its certificate is still accepted; rounds give tasks only to online
/// sites. Each registration opens a session; a newer one (a restarted or second process with the
/// same kit) replaces it, so two processes never take turns as one site. Registrations also go to
/// the store, so <c>admin sites</c> lists sites seen before a restart.
/// </summary>
public sealed class SiteRegistry(ServerStore store, TimeProvider clock, TimeSpan heartbeatTimeout, Func<X509Certificate2, string?>? certificateProblem = null)
    : ISiteLiveness
{
    private readonly ConcurrentDictionary<string, SiteState> _sites = new(StringComparer.Ordinal);

    public TimeSpan HeartbeatTimeout => heartbeatTimeout;

    /// <summary>A site registered (its open tasks are delivered again: a restarted process lost them).</summary>
    public event Action<string>? Registered;

    /// <summary>A connected site's certificate stopped being accepted; the reason follows.</summary>
    public event Action<string, string>? Refused;

    /// <summary>A site registered, was refused, or was heard from again after falling silent: waits re-check at once.</summary>
    public event Action<string>? Changed;

    /// <summary>
    /// Registers <paramref name="name"/> and returns the new session and the one it replaced ("" if none). <paramref name="instance"/> is
    /// the site process's own id ("" if it sent none): a registration with the same one is a reconnect, not a restart.
    /// </summary>
    public (string Session, string Replaced) Register(string name, IEnumerable<string> datasets, SitePolicy policy, string software, string certificateExpires,
        X509Certificate2? certificate = null, string instance = "")
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var session = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var state = _sites.GetOrAdd(name, n => new SiteState(n));
        string replaced;
        lock (state)
        {
            replaced = state.Session;
            state.Datasets = datasets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            state.Policy = policy;
            state.Software = software;
            state.CertificateExpires = certificateExpires;
            state.Certificate = certificate;
            state.Session = session;
            if (instance.Length == 0 || !string.Equals(instance, state.Instance, StringComparison.Ordinal)) Interlocked.Increment(ref state.Registrations);
            state.Instance = instance;
            state.Refused = null;
            Interlocked.Exchange(ref state.LastSeenMs, now);
        }
        store.UpsertSite(name, now, string.Join(",", state.Datasets), Describe(policy), certificateExpires, software);
        Registered?.Invoke(name);
        Changed?.Invoke(name);
        return (session, replaced);
    }

    /// <summary>Whether <paramref name="session"/> is the site's current one.</summary>
    public SessionCheck Check(string name, string? session)
    {
        if (!_sites.TryGetValue(name, out var state) || string.IsNullOrEmpty(session)) return SessionCheck.Unknown;
        var current = state.Session;
        if (string.Equals(current, session, StringComparison.Ordinal)) return SessionCheck.Current;
        return current.Length > 0 ? SessionCheck.Superseded : SessionCheck.Unknown;
    }

    /// <summary>Notes a call from a registered site; false when it has not registered (since the server started).</summary>
    public bool Touch(string name)
    {
        if (!_sites.TryGetValue(name, out var state)) return false;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = Interlocked.Exchange(ref state.LastSeenMs, now);
        if (now - before > 5000) store.TouchSite(name, now);   // the store needs minutes, not milliseconds
        if (now - before > heartbeatTimeout.TotalMilliseconds) Changed?.Invoke(name);   // back from silence
        return true;
    }

    /// <summary>Marks a site whose certificate is no longer accepted: it is offline from now on and its tasks close.</summary>
    public void MarkRefused(string name, string reason)
    {
        var state = _sites.GetOrAdd(name, n => new SiteState(n));
        if (state.Refused is not null) return;
        state.Refused = reason;
        Refused?.Invoke(name, reason);
        Changed?.Invoke(name);
    }

    /// <summary>
    /// Checks every connected site's certificate against the current revocation list, so a site
    /// revoked while connected stops counting at once, even before it calls again.
    /// </summary>
    public void Recheck()
    {
        // Cheap: the server's check keeps each certificate's verdict until the CRL file changes (CertificateRecheck).
        if (certificateProblem is null) return;
        foreach (var state in _sites.Values)
        {
            if (state.Refused is null && state.Certificate is { } certificate && certificateProblem(certificate) is { } problem) MarkRefused(state.Name, problem);
        }
    }

    public bool IsOnline(string name) =>
        _sites.TryGetValue(name, out var s) && s.Refused is null
        && clock.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref s.LastSeenMs) <= heartbeatTimeout.TotalMilliseconds;

    /// <summary>Why a round cannot count on <paramref name="site"/> now, or null when it is online.</summary>
    public string? Absence(string site) =>
        IsOnline(site) ? null
        : _sites.TryGetValue(site, out var s) && s.Refused is not null ? "its certificate is no longer accepted"
        : "it is offline; it rejoins when it reconnects";

    /// <summary>
    /// Registrations of <paramref name="site"/> from a new process: a site that sends no instance counts every registration, since
    /// the server cannot tell its reconnects from its restarts.
    /// </summary>
    public long Registration(string site) => _sites.TryGetValue(site, out var s) ? Interlocked.Read(ref s.Registrations) : 0;

    /// <summary>When <paramref name="site"/> goes offline unless it calls again; null when it is not online.</summary>
    public DateTimeOffset? PresentUntil(string site) =>
        IsOnline(site) && _sites.TryGetValue(site, out var s)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref s.LastSeenMs)) + heartbeatTimeout
            : null;

    /// <summary>online, offline, revoked, or refused (a certificate no longer accepted for another reason, e.g. expired), as <c>admin sites</c> shows it.</summary>
    public string StateOf(string name) =>
        _sites.TryGetValue(name, out var s) && s.Refused is { } why ? (why.Contains("revoked", StringComparison.Ordinal) ? "revoked" : "refused")
        : IsOnline(name) ? "online" : "offline";

    public SiteState? Get(string name) => _sites.GetValueOrDefault(name);

    /// <summary>Online sites holding <paramref name="dataset"/>, by name.</summary>
    public IReadOnlyList<string> OnlineWith(string dataset) =>
        _sites.Values.Where(s => IsOnline(s.Name) && s.Datasets.Contains(dataset, StringComparer.Ordinal)).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();

    public static string Describe(SitePolicy p) =>
        $"algorithms: {(p.AllowedAlgorithms.Count == 0 ? "any" : string.Join(",", p.AllowedAlgorithms))}; min sites: {Math.Max(1, p.MinSites)}; max rounds: {(p.MaxRounds <= 0 ? "any" : p.MaxRounds)}" +
        (p.MaxEpsilon > 0 ? $"; dp epsilon <= {p.MaxEpsilon.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "") +
        $"; stats: min count {(p.StatsMinCount > 0 ? p.StatsMinCount : 10)}" +
        (p.StatsEpsilon > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $", epsilon {p.StatsEpsilon} per query{(p.StatsEpsilonBudget > 0 ? $" of {p.StatsEpsilonBudget}" : "")}") : ", no noise");
}
