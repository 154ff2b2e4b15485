namespace Arcanum.Provisioning;

/// <summary>kit.json of a site: the base settings and the site's job policy.</summary>
internal sealed record SiteKitConfig : KitConfig
{
    public SitePolicy Policy { get; init; } = new();
}
