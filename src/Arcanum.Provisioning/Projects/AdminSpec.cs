namespace Arcanum.Provisioning;

/// <summary>A person who drives the federation from the <c>arcanum admin</c> command.</summary>
/// <param name="Name">Usually an e-mail address; it is also the kit's folder name.</param>
/// <param name="Role">Project-wide or one site's admin.</param>
/// <param name="Site">The site a <see cref="AdminRole.SiteAdmin"/> looks after; null for a project admin.</param>
public sealed record AdminSpec(string Name, AdminRole Role, string? Site = null);
