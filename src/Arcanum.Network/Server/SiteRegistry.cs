using System.Collections.Concurrent;
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
}

/// <summary>
/// Which sites are registered and alive. A site is online while it has called within the
/// heartbeat timeout; rounds stop waiting for a site that is not. Registrations also go to the
/// store, so <c>admin sites</c> lists sites seen before a restart.
/// </summary>
public sealed class SiteRegistry(ServerStore store, TimeProvider clock, TimeSpan heartbeatTimeout)
{
    private readonly ConcurrentDictionary<string, SiteState> _sites = new(StringComparer.Ordinal);

    public TimeSpan HeartbeatTimeout => heartbeatTimeout;

    public event Action<string>? Registered;

    public void Register(string name, IEnumerable<string> datasets, SitePolicy policy, string software, string certificateExpires)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var state = _sites.GetOrAdd(name, n => new SiteState(n));
        state.Datasets = datasets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        state.Policy = policy;
        state.Software = software;
        state.CertificateExpires = certificateExpires;
        Interlocked.Exchange(ref state.LastSeenMs, now);
        store.UpsertSite(name, now, string.Join(",", state.Datasets), Describe(policy), certificateExpires, software);
        Registered?.Invoke(name);
    }

    /// <summary>Notes a call from a registered site; false when it has not registered (since the server started).</summary>
    public bool Touch(string name)
    {
        if (!_sites.TryGetValue(name, out var state)) return false;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = Interlocked.Exchange(ref state.LastSeenMs, now);
        if (now - before > 5000) store.TouchSite(name, now);   // the store needs minutes, not milliseconds
        return true;
    }

    public bool IsOnline(string name) =>
        _sites.TryGetValue(name, out var s) && clock.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref s.LastSeenMs) <= heartbeatTimeout.TotalMilliseconds;

    public SiteState? Get(string name) => _sites.GetValueOrDefault(name);

    /// <summary>Online sites holding <paramref name="dataset"/>, by name.</summary>
    public IReadOnlyList<string> OnlineWith(string dataset) =>
        _sites.Values.Where(s => IsOnline(s.Name) && s.Datasets.Contains(dataset, StringComparer.Ordinal)).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();

    public static string Describe(SitePolicy p) =>
        $"algorithms: {(p.AllowedAlgorithms.Count == 0 ? "any" : string.Join(",", p.AllowedAlgorithms))}; min sites: {Math.Max(1, p.MinSites)}; max rounds: {(p.MaxRounds <= 0 ? "any" : p.MaxRounds)}";
}
