using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// Who a certificate speaks for, read from its subject <c>CN=name, O=project, OU=kind</c> where
/// OU is <c>server</c>, <c>site</c>, <c>project-admin</c> or <c>site-admin:SITE</c>. Only trust it
/// after <see cref="PeerValidator"/> has accepted the certificate.
/// </summary>
public sealed record ParticipantIdentity(ParticipantKind Kind, string Name, string Project, AdminRole? AdminRole = null, string? AdminSite = null)
{
    /// <summary>The server's name: its CN and its kit folder.</summary>
    internal const string ServerName = "server";

    private const string SiteAdminPrefix = "site-admin:";
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";
    private const string OrganizationalUnitOid = "2.5.4.11";

    /// <summary>The OU the certificate carries: server, site, project-admin or site-admin:SITE.</summary>
    public string OrganizationalUnit => Kind switch
    {
        ParticipantKind.Server => "server",
        ParticipantKind.Site => "site",
        _ => AdminRole == Provisioning.AdminRole.SiteAdmin ? SiteAdminPrefix + AdminSite : "project-admin",
    };

    /// <summary>For people: "server", "site", "project-admin" or "site-admin of hospital-a".</summary>
    public string Description => AdminRole == Provisioning.AdminRole.SiteAdmin ? $"site-admin of {AdminSite}" : OrganizationalUnit;

    /// <summary>The identity in <paramref name="certificate"/>'s subject, or a <see cref="ProvisioningException"/> saying why there is none.</summary>
    public static ParticipantIdentity FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return TryFromCertificate(certificate, out var identity)
            ? identity
            : throw new ProvisioningException($"certificate '{certificate.Subject}' does not name an Arcanum participant (expected CN=name, O=project, OU=server, site, project-admin or site-admin:SITE).");
    }

    /// <summary>Reads the identity in <paramref name="certificate"/>'s subject; false when it has none.</summary>
    public static bool TryFromCertificate(X509Certificate2 certificate, [NotNullWhen(true)] out ParticipantIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        identity = null;
        string? cn = null, o = null, ou = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) return false;
            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case CommonNameOid when cn is null: cn = value; break;
                case OrganizationOid when o is null: o = value; break;
                case OrganizationalUnitOid when ou is null: ou = value; break;
                default: return false;
            }
        }
        if (string.IsNullOrEmpty(cn) || string.IsNullOrEmpty(o) || string.IsNullOrEmpty(ou)) return false;
        identity = ou switch
        {
            "server" => new ParticipantIdentity(ParticipantKind.Server, cn, o),
            "site" => ForSite(cn, o),
            "project-admin" => ForAdmin(cn, o, Provisioning.AdminRole.ProjectAdmin, null),
            _ when ou.StartsWith(SiteAdminPrefix, StringComparison.Ordinal) && ou.Length > SiteAdminPrefix.Length
                => ForAdmin(cn, o, Provisioning.AdminRole.SiteAdmin, ou[SiteAdminPrefix.Length..]),
            _ => null,
        };
        return identity is not null;
    }

    /// <summary>The certificate subject that encodes this identity.</summary>
    internal X500DistinguishedName ToSubject()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(Name);
        builder.AddOrganizationName(Project);
        builder.AddOrganizationalUnitName(OrganizationalUnit);
        return builder.Build();
    }

    internal static ParticipantIdentity ForServer(string project) => new(ParticipantKind.Server, ServerName, project);

    internal static ParticipantIdentity ForSite(string name, string project) => new(ParticipantKind.Site, name, project);

    internal static ParticipantIdentity ForAdmin(string name, string project, AdminRole role, string? site) =>
        new(ParticipantKind.Admin, name, project, role, role == Provisioning.AdminRole.SiteAdmin ? site : null);
}
