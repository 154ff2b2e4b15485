using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests.Projects;

public sealed class ProjectFileTests
{
    private const string Server = "server: { host: 127.0.0.1, port: 8443 }\n";

    [Fact]
    public void Parse_ExampleProject_ReadsEveryField()
    {
        var project = ProjectFile.Parse(Some.ProjectYaml);

        Assert.Equal("demo", project.Name);
        Assert.Equal(new ServerSpec("127.0.0.1", 8443).Host, project.Server.Host);
        Assert.Equal(8443, project.Server.Port);
        Assert.Empty(project.Server.AltNames);
        Assert.Equal(["hospital-a", "hospital-b", "hospital-c"], project.Sites);
        Assert.Equal([new AdminSpec("admin@example.org", AdminRole.ProjectAdmin), new AdminSpec("it@hospital-a.example.org", AdminRole.SiteAdmin, "hospital-a")], project.Admins);
        Assert.Equal(KeyAlgorithm.EcdsaP384, project.Key);
        Assert.Equal(365, project.ValidDays);
    }

    [Fact]
    public void Parse_OptionalKeys_AreRead()
    {
        var project = ProjectFile.Parse("""
            name: study.2026
            key: rsa-3072
            valid_days: 30
            server:
              host: fl.example.org
              port: 443
              alt_names: [10.0.0.5, fl2.example.org]
            sites:
              - site_1
            """);

        Assert.Equal(KeyAlgorithm.Rsa3072, project.Key);
        Assert.Equal(30, project.ValidDays);
        Assert.Equal(["10.0.0.5", "fl2.example.org"], project.Server.AltNames);
        Assert.Empty(project.Admins);
    }

    [Fact]
    public void Load_ExampleInRepository_IsTheDocumentedProject()
    {
        var project = ProjectFile.Load(Path.Combine(Some.RepositoryRoot(), "examples", "project.yml"));

        Assert.Equal(Some.Project.Sites, project.Sites);
        Assert.Equal(Some.Project.Admins, project.Admins);
        Assert.Equal("127.0.0.1", project.Server.Host);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var e = Assert.Throws<ProvisioningException>(() => ProjectFile.Load("/nonexistent/project.yml"));
        Assert.Contains("'/nonexistent/project.yml' does not exist", e.Message);
    }

    [Fact]
    public void Load_InvalidFile_MessageNamesTheFile()
    {
        using var temp = new TempDir();
        var path = temp.Combine("project.yml");
        File.WriteAllText(path, "name: demo\n");

        var e = Assert.Throws<ProvisioningException>(() => ProjectFile.Load(path));
        Assert.StartsWith(path + ":", e.Message);
    }

    [Theory]
    [InlineData(Server + "sites: [a]\n", "has no 'name'")]
    [InlineData("name: demo\nsites: [a]\n", "has no 'server'")]
    [InlineData("name: demo\n" + Server, "has no 'sites'")]
    [InlineData("name: demo\n" + Server + "sites: []\n", "sites must list at least one site")]
    [InlineData("name: demo\n" + Server + "sites: hospital-a\n", "sites must be a list")]
    [InlineData("name: demo\nserver: { port: 8443 }\nsites: [a]\n", "server has no 'host'")]
    [InlineData("name: demo\nserver: { host: 127.0.0.1 }\nsites: [a]\n", "server has no 'port'")]
    [InlineData("name: demo\nserver: { host: 127.0.0.1, port: 0 }\nsites: [a]\n", "server port must be between 1 and 65535 (got 0)")]
    [InlineData("name: demo\nserver: { host: 127.0.0.1, port: 65536 }\nsites: [a]\n", "server port must be between 1 and 65535 (got 65536)")]
    [InlineData("name: demo\nserver: { host: 127.0.0.1, port: https }\nsites: [a]\n", "server port must be a whole number (got 'https')")]
    [InlineData("name: demo\nserver: { host: 'bad host', port: 1 }\nsites: [a]\n", "server host 'bad host' is not a valid DNS name or IP address")]
    [InlineData("name: demo\nserver: { host: h, port: 1, alt_names: ['a b'] }\nsites: [a]\n", "server alt_name 'a b' is not a valid")]
    [InlineData("name: My Project\n" + Server + "sites: [a]\n", "project name 'My Project' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [Hospital-A]\n", "site name 'Hospital-A' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [../etc]\n", "site name '../etc' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [a/b]\n", "site name 'a/b' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [server]\n", "'server' is a reserved name")]
    [InlineData("name: demo\n" + Server + "sites: [project]\n", "'project' is a reserved name")]
    [InlineData("name: demo\n" + Server + "sites: [a, b, a]\n", "'a' is listed more than once")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: A, role: project-admin }]\n", "'A' is listed more than once")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: project-admin }, { name: x@y.org, role: project-admin }]\n", "'x@y.org' is listed more than once")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: 'x/y@z.org', role: project-admin }]\n", "admin name 'x/y@z.org' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: 'x\\y', role: project-admin }]\n", "admin name 'x\\y' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: 'x..y@z.org', role: project-admin }]\n", "admin name 'x..y@z.org' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: 'x y', role: project-admin }]\n", "admin name 'x y' is invalid")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: boss }]\n", "role of admin 'x@y.org' must be project-admin or site-admin (got 'boss')")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org }]\n", "admin 'x@y.org' has no 'role'")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: site-admin }]\n", "site-admin and must name its site")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: site-admin, site: z }]\n", "site-admin of 'z', which is not one of the sites (a)")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: project-admin, site: a }]\n", "project-admin and must not name a site")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nkey: dsa-1024\n", "key must be ecdsa-p384 or rsa-3072 (got 'dsa-1024')")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nvalid_days: 0\n", "valid_days must be between 1 and 3650 (got 0)")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nsitez: [b]\n", "line 4: unknown key 'sitez' in the project")]
    [InlineData("name: demo\nserver: { host: h, port: 1, hots: x }\nsites: [a]\n", "line 2: unknown key 'hots' in server")]
    [InlineData("name: demo\n" + Server + "sites: [a]\nadmins: [{ name: x@y.org, role: project-admin, email: e }]\n", "unknown key 'email' in an admin")]
    [InlineData("", "the project file is empty")]
    [InlineData("- a\n- b\n", "the project file must be a mapping")]
    public void Parse_InvalidProject_MessageNamesTheProblem(string yaml, string expected)
    {
        var e = Assert.Throws<ProvisioningException>(() => ProjectFile.Parse(yaml));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("name: demo\nserver:\n  host: h\n port: 1\nsites: [a]\n", 4)]
    [InlineData("name: demo\nsites: [a, b\nserver: { host: h, port: 1 }\n", 3)]
    [InlineData("name: demo\nname: again\n", 2)]
    public void Parse_MalformedYaml_NamesTheLine(string yaml, int line)
    {
        var e = Assert.Throws<ProvisioningException>(() => ProjectFile.Parse(yaml));
        Assert.StartsWith($"line {line}: malformed YAML", e.Message);
    }

    [Fact]
    public void Write_ThenParse_GivesTheSameProject()
    {
        var project = Some.Project with
        {
            Key = KeyAlgorithm.Rsa3072,
            ValidDays = 90,
            Server = new ServerSpec("::1", 9000) { AltNames = ["fl.example.org", "10.0.0.5"] },
        };

        var again = ProjectFile.Parse(ProjectYaml.Write(project));

        Assert.Equal((project.Name, project.Key, project.ValidDays, project.Server.Host, project.Server.Port), (again.Name, again.Key, again.ValidDays, again.Server.Host, again.Server.Port));
        Assert.Equal(project.Server.AltNames, again.Server.AltNames);
        Assert.Equal(project.Sites, again.Sites);
        Assert.Equal(project.Admins, again.Admins);
    }

    [Fact]
    public void Validated_ProjectBuiltInCode_AppliesTheSameRules()
    {
        var project = Some.Project with { Sites = ["hospital-a", "hospital-a"] };

        var e = Assert.Throws<ProvisioningException>(() => project.Validated());
        Assert.Contains("'hospital-a' is listed more than once", e.Message);
    }
}
