using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Arcanum.Provisioning;

/// <summary>
/// A participant's startup kit, loaded and checked: settings from kit.json, the participant's
/// certificate with its private key (ready for SslStream), and the project CA. Loading refuses a
/// kit whose key others can read, whose files do not belong together, or whose certificate is out of date.
/// </summary>
public sealed class StartupKit : IDisposable
{
    private StartupKit(string directory, KitConfig config, ParticipantIdentity identity, X509Certificate2 certificate, X509Certificate2 ca)
    {
        Directory = directory;
        Identity = identity;
        ServerHost = config.ServerHost;
        ServerPort = config.ServerPort;
        CertificateNotAfter = Timestamps.NotAfter(certificate);
        CaNotAfter = Timestamps.NotAfter(ca);
        Certificate = certificate;
        CaCertificate = ca;
        Policy = (config as SiteKitConfig)?.Policy;
        if (config is ServerKitConfig s)
        {
            Server = new ServerSettings(s.ListenHost, s.ListenPort, Path.GetFullPath(s.Workspace, directory), s.MaxConcurrentJobs,
                TimeSpan.FromSeconds(s.HeartbeatTimeoutS), Path.GetFullPath(s.Crl, directory));
        }
    }

    /// <summary>The kit folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>Who this kit speaks for, as its certificate says (kind, name, project, admin role and site).</summary>
    public ParticipantIdentity Identity { get; }

    public ParticipantKind Kind => Identity.Kind;

    public string Name => Identity.Name;

    public string Project => Identity.Project;

    /// <summary>Where sites and admins connect.</summary>
    public string ServerHost { get; }

    public int ServerPort { get; }

    public DateTimeOffset CertificateNotAfter { get; }

    public DateTimeOffset CaNotAfter { get; }

    /// <summary>Site kits only: which jobs the site accepts.</summary>
    public SitePolicy? Policy { get; }

    /// <summary>Server kits only: listening address, workspace, limits and the CRL.</summary>
    public ServerSettings? Server { get; }

    /// <summary>This participant's certificate, with its private key, usable as an SslStream certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The project CA certificate: the only issuer peers are trusted for.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Loads and checks the kit in <paramref name="kitDir"/>; <paramref name="clock"/> is the time validity is checked at.</summary>
    public static StartupKit Load(string kitDir, TimeProvider? clock = null)
    {
        var dir = Path.GetFullPath(kitDir);
        if (!System.IO.Directory.Exists(dir)) throw new ProvisioningException($"startup kit folder '{kitDir}' does not exist.");
        var config = ReadConfig(kitDir, dir);
        var certPath = RequireFile(kitDir, dir, KitWriter.CertificateFile);
        var keyPath = RequireFile(kitDir, dir, KitWriter.KeyFile);
        var caPath = RequireFile(kitDir, dir, KitWriter.CaFile);
        if (SecureFiles.IsAccessibleToOthers(keyPath, out var mode))
            throw new ProvisioningException($"'{keyPath}' can be read by other users (mode {Convert.ToString((int)mode, 8)}); the private key must be yours alone: run chmod 600 '{keyPath}'.");

        var ca = LoadCa(kitDir, caPath);
        X509Certificate2? certificate = null;
        try
        {
            certificate = LoadCertificate(kitDir, certPath, keyPath);
            var identity = Check(kitDir, config, certificate, ca, (clock ?? TimeProvider.System).GetUtcNow());
            var kit = new StartupKit(dir, config, identity, certificate, ca);
            if (kit.Server is { } server && !File.Exists(server.CrlPath))
                throw new ProvisioningException($"the server kit '{kitDir}' has no CRL ('{server.CrlPath}' is missing); copy project/crl.pem from the project owner.");
            return kit;
        }
        catch
        {
            certificate?.Dispose();
            ca.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A validator for this kit's peers: the project CA, this project, and for a server kit its CRL.
    /// It uses this kit's CA certificate, so it is usable until the kit is disposed.
    /// </summary>
    public PeerValidator CreatePeerValidator(TimeProvider? clock = null) => new(CaCertificate, Project, Server?.CrlPath, clock);

    public void Dispose()
    {
        Certificate.Dispose();
        CaCertificate.Dispose();
    }

    public override string ToString() => $"{Identity.Description} kit '{Name}' of project {Project} ({Directory})";

    private static KitConfig ReadConfig(string kitDir, string dir)
    {
        var path = Path.Combine(dir, KitWriter.ConfigFile);
        if (!File.Exists(path)) throw new ProvisioningException($"'{kitDir}' is not a startup kit: {KitWriter.ConfigFile} is missing.");
        KitConfig config;
        try
        {
            config = JsonSerializer.Deserialize<KitConfig>(File.ReadAllText(path), KitJson.Options) ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ProvisioningException($"{KitWriter.ConfigFile} in '{kitDir}' is invalid: {e.Message}", e);
        }
        if (Problem(config) is { } problem) throw new ProvisioningException($"{KitWriter.ConfigFile} in '{kitDir}' is invalid: {problem}.");
        return config;
    }

    /// <summary>Settings a person may have edited, checked so that a bad value stops the kit instead of being ignored.</summary>
    private static string? Problem(KitConfig config) => config switch
    {
        { ServerPort: < 1 or > 65535 } => $"server_port must be between 1 and 65535 (got {config.ServerPort})",
        ServerKitConfig { ListenPort: < 1 or > 65535 } s => $"listen_port must be between 1 and 65535 (got {s.ListenPort})",
        ServerKitConfig { MaxConcurrentJobs: < 1 } s => $"max_concurrent_jobs must be at least 1 (got {s.MaxConcurrentJobs})",
        ServerKitConfig { HeartbeatTimeoutS: < 1 } s => $"heartbeat_timeout_s must be at least 1 (got {s.HeartbeatTimeoutS})",
        ServerKitConfig s when string.IsNullOrWhiteSpace(s.Workspace) || string.IsNullOrWhiteSpace(s.Crl) => "workspace and crl must name paths",
        SiteKitConfig { Policy.MinSites: < 1 } s => $"policy.min_sites must be at least 1 (got {s.Policy.MinSites})",
        SiteKitConfig { Policy.MaxRounds: < 1 } s => $"policy.max_rounds must be null or at least 1 (got {s.Policy.MaxRounds})",
        SiteKitConfig { Policy.MaxEpsilon: { } e } s when !(e > 0) || double.IsInfinity(e) =>
            $"policy.max_epsilon must be null or a positive number (got {s.Policy.MaxEpsilon})",
        SiteKitConfig s when s.Policy.AllowedAlgorithms?.Any(string.IsNullOrWhiteSpace) == true => "policy.allowed_algorithms must not hold empty names",
        SiteKitConfig { Policy.StatsMinCount: < 1 } s =>
            $"policy.stats_min_count must be at least 1 (got {s.Policy.StatsMinCount}; 10 is usual)",
        SiteKitConfig { Policy.StatsEpsilon: { } e } s when !(e > 0) || double.IsInfinity(e) =>
            $"policy.stats_epsilon must be null (no noise) or a positive number (got {s.Policy.StatsEpsilon})",
        SiteKitConfig { Policy.StatsEpsilonBudget: { }, Policy.StatsEpsilon: null } =>
            "policy.stats_epsilon_budget needs policy.stats_epsilon (the epsilon each query spends); set both or neither",
        SiteKitConfig { Policy.StatsEpsilonBudget: { } b } s when !(b >= s.Policy.StatsEpsilon) || double.IsInfinity(b) =>
            $"policy.stats_epsilon_budget ({b}) must be a finite number at least policy.stats_epsilon ({s.Policy.StatsEpsilon}); no query could run",
        _ => null,
    };

    private static string RequireFile(string kitDir, string dir, string name)
    {
        var path = Path.Combine(dir, name);
        return File.Exists(path) ? path : throw new ProvisioningException($"the startup kit '{kitDir}' is incomplete: {name} is missing.");
    }

    private static X509Certificate2 LoadCa(string kitDir, string caPath)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        }
        catch (CryptographicException e)
        {
            throw new ProvisioningException($"{KitWriter.CaFile} in '{kitDir}' is not a certificate: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadCertificate(string kitDir, string certPath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return Pkcs12.ForTls(pem);
        }
        catch (ArgumentException e)
        {
            throw new ProvisioningException($"{KitWriter.KeyFile} does not belong to {KitWriter.CertificateFile} in '{kitDir}' (files from different kits?): {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new ProvisioningException($"cannot read {KitWriter.CertificateFile} and {KitWriter.KeyFile} in '{kitDir}': {e.Message}", e);
        }
    }

    private static ParticipantIdentity Check(string kitDir, KitConfig config, X509Certificate2 certificate, X509Certificate2 ca, DateTimeOffset now)
    {
        var notAfter = Timestamps.NotAfter(certificate);
        if (now > notAfter)
            throw new ProvisioningException($"the kit's certificate expired on {Timestamps.Format(notAfter)}; ask the project owner for a new kit.");
        var notBefore = Timestamps.NotBefore(certificate);
        if (now < notBefore)
            throw new ProvisioningException($"the kit's certificate is not valid until {Timestamps.Format(notBefore)}; check this computer's clock.");

        var identity = ParticipantIdentity.FromCertificate(certificate);
        var sameAdmin = config is not AdminKitConfig admin || (admin.Role == identity.AdminRole && admin.Site == identity.AdminSite);
        if (identity.Kind != config.Kind || !sameAdmin || !string.Equals(identity.Name, config.Name, StringComparison.Ordinal) || !string.Equals(identity.Project, config.Project, StringComparison.Ordinal))
            throw new ProvisioningException($"{KitWriter.ConfigFile} in '{kitDir}' is for {config.Kind.ToString().ToLowerInvariant()} '{config.Name}' of project '{config.Project}', but {KitWriter.CertificateFile} is for {identity.Description} '{identity.Name}' of project '{identity.Project}'.");
        if (ProjectChain.Check(certificate, ca, identity.Project, now) is { } problem)
            throw new ProvisioningException($"{KitWriter.CertificateFile} in '{kitDir}' {problem}; {KitWriter.CaFile} and {KitWriter.CertificateFile} must come from the same project.");
        return identity;
    }
}
