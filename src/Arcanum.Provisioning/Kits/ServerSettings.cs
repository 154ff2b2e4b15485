namespace Arcanum.Provisioning;

/// <summary>A server kit's settings, with paths resolved against the kit folder.</summary>
/// <param name="ListenHost">The address to listen on (the project's server host).</param>
/// <param name="ListenPort">The port to listen on.</param>
/// <param name="WorkspacePath">Where the server keeps jobs and results (kit.json <c>workspace</c>, default kit/workspace).</param>
/// <param name="MaxConcurrentJobs">Jobs run at once; others wait.</param>
/// <param name="HeartbeatTimeout">A site silent this long counts as gone.</param>
/// <param name="CrlPath">The CRL the server checks client certificates against (kit.json <c>crl</c>).</param>
public sealed record ServerSettings(string ListenHost, int ListenPort, string WorkspacePath, int MaxConcurrentJobs, TimeSpan HeartbeatTimeout, string CrlPath);
