namespace Arcanum.Provisioning;

/// <summary>What an admin may do: the whole federation, or one site's part of it.</summary>
public enum AdminRole
{
    /// <summary><c>project-admin</c>: submits and manages jobs for the whole project.</summary>
    ProjectAdmin,

    /// <summary><c>site-admin</c>: looks after one site (named by <see cref="AdminSpec.Site"/>).</summary>
    SiteAdmin,
}
