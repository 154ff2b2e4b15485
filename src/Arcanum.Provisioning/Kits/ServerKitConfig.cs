namespace Arcanum.Provisioning;

/// <summary>kit.json of the server: where to listen, the workspace, limits and the CRL.</summary>
internal sealed record ServerKitConfig : KitConfig
{
    public required string ListenHost { get; init; }
    public required int ListenPort { get; init; }
    public string Workspace { get; init; } = "workspace";
    public int MaxConcurrentJobs { get; init; } = 1;
    public int HeartbeatTimeoutS { get; init; } = 30;
    public string Crl { get; init; } = "crl.pem";
}
