using System.Text.RegularExpressions;

namespace Arcanum.Provisioning;

/// <summary>
/// The rules a project must follow. Names become folder names and certificate subjects, so they are
/// checked strictly here rather than escaped everywhere else.
/// </summary>
internal static partial class ProjectRules
{
    /// <summary>Folders in a kits directory that are not participants.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "server", "project" };

    public const int MaxValidDays = 3650;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex SimpleName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9@._+-]{0,127}$")]
    private static partial Regex AdminName();

    public static void Validate(Project project)
    {
        RequireSimpleName(project.Name, "project name");
        ValidateServer(project.Server);
        if (project.Sites is not { Count: > 0 }) throw new ProvisioningException("sites must list at least one site.");
        foreach (var site in project.Sites) RequireSimpleName(site, "site name");
        foreach (var admin in project.Admins) ValidateAdmin(admin, project.Sites);
        if (project.ValidDays is < 1 or > MaxValidDays)
            throw new ProvisioningException($"valid_days must be between 1 and {MaxValidDays} (got {project.ValidDays}).");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in project.Sites.Concat(project.Admins.Select(a => a.Name)))
        {
            if (ReservedNames.Contains(name))
                throw new ProvisioningException($"'{name}' is a reserved name (it is a folder of every kits directory); choose another name.");
            if (!seen.Add(name))
                throw new ProvisioningException($"'{name}' is listed more than once; every site and admin needs its own name.");
        }
    }

    public static void RequireSimpleName(string? name, string what)
    {
        if (string.IsNullOrEmpty(name)) throw new ProvisioningException($"{what} must not be empty.");
        if (!SimpleName().IsMatch(name))
            throw new ProvisioningException($"{what} '{name}' is invalid: use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters (it is used as a folder name).");
    }

    public static void RequireAdminName(string? name)
    {
        if (string.IsNullOrEmpty(name)) throw new ProvisioningException("admin name must not be empty.");
        if (!AdminName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
            throw new ProvisioningException($"admin name '{name}' is invalid: use letters, digits and @ . _ + - only, no '..', no '/', '\\' or spaces, starting with a letter or digit (it is used as a folder name).");
    }

    public static void RequireHost(string? host, string what)
    {
        if (string.IsNullOrEmpty(host)) throw new ProvisioningException($"{what} must not be empty.");
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new ProvisioningException($"{what} '{host}' is not a valid DNS name or IP address.");
    }

    private static void ValidateServer(ServerSpec? server)
    {
        if (server is null) throw new ProvisioningException("the project has no server.");
        RequireHost(server.Host, "server host");
        if (server.Port is < 1 or > 65535) throw new ProvisioningException($"server port must be between 1 and 65535 (got {server.Port}).");
        foreach (var name in server.AltNames) RequireHost(name, "server alt_name");
    }

    private static void ValidateAdmin(AdminSpec admin, IReadOnlyList<string> sites)
    {
        RequireAdminName(admin.Name);
        switch (admin.Role)
        {
            case AdminRole.ProjectAdmin when admin.Site is not null:
                throw new ProvisioningException($"admin '{admin.Name}' is a project-admin and must not name a site (got '{admin.Site}'); use role: site-admin for one site.");
            case AdminRole.SiteAdmin when admin.Site is null:
                throw new ProvisioningException($"admin '{admin.Name}' is a site-admin and must name its site (site: ...).");
            case AdminRole.SiteAdmin when !sites.Contains(admin.Site, StringComparer.Ordinal):
                throw new ProvisioningException($"admin '{admin.Name}' is site-admin of '{admin.Site}', which is not one of the sites ({string.Join(", ", sites)}).");
            case AdminRole.ProjectAdmin or AdminRole.SiteAdmin:
                break;
            default:
                throw new ProvisioningException($"admin '{admin.Name}' has an unknown role; use project-admin or site-admin.");
        }
    }
}
