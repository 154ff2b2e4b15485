using System.Globalization;
using System.Text;

namespace Arcanum.Provisioning;

/// <summary>
/// Writes the normalised project.yml kept in <c>project/</c>. Every value has passed
/// <see cref="ProjectRules"/>, so none holds a quote or backslash; quoting all of them keeps
/// IPv6 hosts and names like <c>1e3</c> strings.
/// </summary>
internal static class ProjectYaml
{
    public static string Write(Project p)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Normalised by arcanum provision; add-site and add-admin append here.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"name: {Q(p.Name)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"key: {(p.Key == KeyAlgorithm.Rsa3072 ? "rsa-3072" : "ecdsa-p384")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"valid_days: {p.ValidDays}");
        sb.AppendLine("server:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  host: {Q(p.Server.Host)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  port: {p.Server.Port}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  alt_names: [{string.Join(", ", p.Server.AltNames.Select(Q))}]");
        sb.AppendLine("sites:");
        foreach (var site in p.Sites) sb.AppendLine(CultureInfo.InvariantCulture, $"  - {Q(site)}");
        sb.AppendLine(p.Admins.Count == 0 ? "admins: []" : "admins:");
        foreach (var a in p.Admins)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  - name: {Q(a.Name)}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    role: {(a.Role == AdminRole.ProjectAdmin ? "project-admin" : "site-admin")}");
            if (a.Site is not null) sb.AppendLine(CultureInfo.InvariantCulture, $"    site: {Q(a.Site)}");
        }
        return sb.ToString();
    }

    private static string Q(string value) => $"\"{value}\"";
}
