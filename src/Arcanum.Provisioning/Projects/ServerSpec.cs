namespace Arcanum.Provisioning;

/// <summary>Where the federation server listens, and the names its certificate answers to.</summary>
/// <param name="Host">The DNS name or IP address sites and admins connect to.</param>
/// <param name="Port">The TCP port, 1 to 65535.</param>
public sealed record ServerSpec(string Host, int Port)
{
    /// <summary>More DNS names or IP addresses for the server certificate (<c>alt_names:</c>).</summary>
    public IReadOnlyList<string> AltNames { get; init; } = [];
}
