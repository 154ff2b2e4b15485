using System.Runtime.CompilerServices;

namespace Arcanum.Provisioning.Tests.Support;

/// <summary>Test data: the example project, and kits provisioned from it.</summary>
internal static class Some
{
    public const string ProjectYaml = """
        name: demo
        server: { host: 127.0.0.1, port: 8443 }
        sites: [hospital-a, hospital-b, hospital-c]
        admins:
          - { name: admin@example.org, role: project-admin }
          - { name: it@hospital-a.example.org, role: site-admin, site: hospital-a }
        """;

    public static readonly string[] KitFolders = ["server", "hospital-a", "hospital-b", "hospital-c", "admin@example.org", "it@hospital-a.example.org"];

    public static Project Project => ProjectFile.Parse(ProjectYaml);

    /// <summary>Provisions the example project into <c>temp/kits</c>.</summary>
    public static ProvisionResult Kits(TempDir temp, TimeProvider? clock = null, Project? project = null) =>
        Provisioner.Provision(project ?? Project, temp.Combine("kits"), clock);

    /// <summary>The repository root (it holds Arcanum.slnx), found from this source file: builds may put binaries anywhere.</summary>
    public static string RepositoryRoot([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Arcanum.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Arcanum.slnx not found above {source}.");
    }
}
