namespace Arcanum.Provisioning;

/// <summary>kit.json of an admin: the role, and the site of a site-admin (null for a project-admin).</summary>
internal sealed record AdminKitConfig : KitConfig
{
    public required AdminRole Role { get; init; }
    public required string? Site { get; init; }
}
