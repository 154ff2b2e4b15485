using System.Net;

namespace Arcanum.Provisioning;

/// <summary>Writes one participant's kit folder: a fresh key pair, its certificate, settings and README.</summary>
internal static class KitWriter
{
    public const string ConfigFile = "kit.json";
    public const string CertificateFile = "cert.pem";
    public const string KeyFile = "key.pem";
    public const string CaFile = "ca.pem";
    public const string CrlFile = "crl.pem";
    public const string ReadmeFile = "README.md";

    /// <summary>Writes the kit into <paramref name="folder"/> (created 0700, must not exist). The key is generated here and written only here.</summary>
    public static IssuedKit Write(string folder, ParticipantIdentity id, Project project, CertificateAuthority ca, DateTimeOffset now, string? crlPem)
    {
        SecureFiles.CreatePrivateDirectory(folder);
        using var key = Keys.Generate(project.Key);
        var notBefore = Timestamps.TruncateToSeconds(now) - Timestamps.ClockSkew;
        var notAfter = Timestamps.TruncateToSeconds(now).AddDays(project.ValidDays);
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter;
        using var certificate = ca.Issue(id, key, notBefore, notAfter, id.Kind == ParticipantKind.Server ? ServerNames(project.Server) : null);

        SecureFiles.WritePrivate(Path.Combine(folder, KeyFile), Keys.ToPkcs8Pem(key));
        SecureFiles.WriteText(Path.Combine(folder, CertificateFile), certificate.ExportCertificatePem() + "\n");
        SecureFiles.WriteText(Path.Combine(folder, CaFile), ca.Certificate.ExportCertificatePem() + "\n");
        SecureFiles.WriteText(Path.Combine(folder, ConfigFile), KitJson.Serialize(Config(id, project, notAfter, ca.NotAfter)));
        SecureFiles.WriteText(Path.Combine(folder, ReadmeFile), KitReadmes.For(id, project, notAfter));
        if (id.Kind == ParticipantKind.Server && crlPem is not null) SecureFiles.WriteText(Path.Combine(folder, CrlFile), crlPem);
        return new IssuedKit(id, folder, Serials.Normalize(certificate.SerialNumberBytes.Span), notAfter);
    }

    /// <summary>The server certificate's SANs: the host, the alt names, and localhost/127.0.0.1 when the host is loopback.</summary>
    public static IReadOnlyList<string> ServerNames(ServerSpec server)
    {
        var names = new List<string> { server.Host };
        names.AddRange(server.AltNames);
        var isLoopback = string.Equals(server.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                         || (IPAddress.TryParse(server.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (isLoopback) names.AddRange(["localhost", "127.0.0.1"]);
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static KitConfig Config(ParticipantIdentity id, Project project, DateTimeOffset notAfter, DateTimeOffset caNotAfter) => id.Kind switch
    {
        ParticipantKind.Server => new ServerKitConfig
        {
            Name = id.Name, Project = project.Name, ServerHost = project.Server.Host, ServerPort = project.Server.Port,
            CertNotAfter = notAfter, CaNotAfter = caNotAfter, ListenHost = project.Server.Host, ListenPort = project.Server.Port,
        },
        ParticipantKind.Site => new SiteKitConfig
        {
            Name = id.Name, Project = project.Name, ServerHost = project.Server.Host, ServerPort = project.Server.Port,
            CertNotAfter = notAfter, CaNotAfter = caNotAfter,
        },
        _ => new AdminKitConfig
        {
            Name = id.Name, Project = project.Name, ServerHost = project.Server.Host, ServerPort = project.Server.Port,
            CertNotAfter = notAfter, CaNotAfter = caNotAfter, Role = id.AdminRole ?? AdminRole.ProjectAdmin, Site = id.AdminSite,
        },
    };
}
