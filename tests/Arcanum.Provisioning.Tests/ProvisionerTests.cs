using System.Security.Cryptography;
using System.Text.Json;
using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests;

public sealed class ProvisionerTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAll = OwnerReadWrite | UnixFileMode.UserExecute;

    [Fact]
    public void Provision_Example_WritesTheProjectFolderAndOneKitPerParticipant()
    {
        using var temp = new TempDir();

        var result = Some.Kits(temp);

        Assert.Equal(Some.KitFolders.Append("project").Order(StringComparer.Ordinal), Directory.GetDirectories(result.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Some.KitFolders, result.Kits.Select(k => k.Identity.Name));
        Assert.Equal(["README.md", "ca.key.pem", "ca.pem", "crl.pem", "issued.json", "project.yml", "revoked.json"], FileNames(Path.Combine(result.Directory, "project")));
        Assert.Equal(["README.md", "ca.pem", "cert.pem", "crl.pem", "key.pem", "kit.json"], FileNames(Path.Combine(result.Directory, "server")));
        foreach (var kit in Some.KitFolders.Skip(1))
            Assert.Equal(["README.md", "ca.pem", "cert.pem", "key.pem", "kit.json"], FileNames(Path.Combine(result.Directory, kit)));
        Assert.Equal(result.Project.Sites, ProjectFile.Load(Path.Combine(result.Directory, "project", "project.yml")).Sites);
    }

    [Fact]
    public void Provision_PrivateKeys_OnlyInTheirOwnersKitAndOwnerOnly()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        var withPrivateKey = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("PRIVATE KEY", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);

        var expected = Some.KitFolders.Select(k => Path.Combine(k, "key.pem")).Append(Path.Combine("project", "ca.key.pem")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, withPrivateKey);
        foreach (var key in expected) Assert.Equal(OwnerReadWrite, FileModes.Of(Path.Combine(root, key)) ?? OwnerReadWrite);
        foreach (var folder in Some.KitFolders.Append("project")) Assert.Equal(OwnerAll, FileModes.Of(Path.Combine(root, folder)) ?? OwnerAll);
    }

    [Fact]
    public void Provision_EveryKit_LoadsWithItsOwnKey()
    {
        using var temp = new TempDir();
        var result = Some.Kits(temp);

        foreach (var issued in result.Kits)
        {
            using var kit = StartupKit.Load(issued.Folder);
            Assert.Equal(issued.Identity, kit.Identity);
            Assert.Equal(issued.Serial, kit.Certificate.SerialNumber);
            Assert.True(kit.Certificate.HasPrivateKey);
        }
    }

    [Fact]
    public void Provision_KitJson_HasTheDocumentedFields()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        using var server = Json(root, "server");
        Assert.Equal("server", server.RootElement.GetProperty("kind").GetString());
        Assert.Equal("127.0.0.1", server.RootElement.GetProperty("listen_host").GetString());
        Assert.Equal(8443, server.RootElement.GetProperty("listen_port").GetInt32());
        Assert.Equal("workspace", server.RootElement.GetProperty("workspace").GetString());
        Assert.Equal(1, server.RootElement.GetProperty("max_concurrent_jobs").GetInt32());
        Assert.Equal(30, server.RootElement.GetProperty("heartbeat_timeout_s").GetInt32());
        Assert.Equal("crl.pem", server.RootElement.GetProperty("crl").GetString());

        using var site = Json(root, "hospital-a");
        Assert.Equal("site", site.RootElement.GetProperty("kind").GetString());
        Assert.Equal("hospital-a", site.RootElement.GetProperty("name").GetString());
        Assert.Equal("demo", site.RootElement.GetProperty("project").GetString());
        Assert.Equal("127.0.0.1", site.RootElement.GetProperty("server_host").GetString());
        Assert.Equal(8443, site.RootElement.GetProperty("server_port").GetInt32());
        Assert.EndsWith("Z", site.RootElement.GetProperty("cert_not_after").GetString());
        Assert.EndsWith("Z", site.RootElement.GetProperty("ca_not_after").GetString());
        var policy = site.RootElement.GetProperty("policy");
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("allowed_algorithms").ValueKind);
        Assert.Equal(1, policy.GetProperty("min_sites").GetInt32());
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("max_rounds").ValueKind);
        Assert.Equal(10, policy.GetProperty("stats_min_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("stats_epsilon").ValueKind);

        using var projectAdmin = Json(root, "admin@example.org");
        Assert.Equal("project-admin", projectAdmin.RootElement.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, projectAdmin.RootElement.GetProperty("site").ValueKind);
        using var siteAdmin = Json(root, "it@hospital-a.example.org");
        Assert.Equal("site-admin", siteAdmin.RootElement.GetProperty("role").GetString());
        Assert.Equal("hospital-a", siteAdmin.RootElement.GetProperty("site").GetString());
    }

    [Fact]
    public void Provision_Readmes_SayHowToStartAndWhatToKeepPrivate()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        Assert.Contains("must stay with the project owner", File.ReadAllText(Path.Combine(root, "project", "README.md")));
        Assert.Contains("arcanum server --kit kits/server", File.ReadAllText(Path.Combine(root, "server", "README.md")));
        var site = File.ReadAllText(Path.Combine(root, "hospital-a", "README.md"));
        Assert.Contains("arcanum site --kit kits/hospital-a --data NAME=path.csv", site);
        Assert.Contains("min_sites", site);
        Assert.Contains("stats_epsilon_budget", site);
        var admin = File.ReadAllText(Path.Combine(root, "admin@example.org", "README.md"));
        foreach (var command in new[] { "submit job.json", "list", "status JOB --wait", "download JOB --out DIR", "sites", "abort JOB" })
            Assert.Contains($"arcanum admin --kit kits/admin@example.org {command}", admin);
        foreach (var kit in Some.KitFolders)
        {
            var readme = File.ReadAllText(Path.Combine(root, kit, "README.md"));
            Assert.Contains("Keep it private", readme);
            Assert.Contains("expires on", readme);
        }
    }

    [Fact]
    public void Provision_ProjectFolder_StartsWithAnEmptyCrlSignedByTheCa()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(root, "project", "ca.pem"));

        var crl = CrlFile.Load(Path.Combine(root, "project", "crl.pem"), ca);

        Assert.Equal(1, crl.Number);
        Assert.Empty(crl.RevokedSerials);
        Assert.Equal("[]", File.ReadAllText(Path.Combine(root, "project", "revoked.json")).Trim());
        Assert.Equal(File.ReadAllText(Path.Combine(root, "project", "crl.pem")), File.ReadAllText(Path.Combine(root, "server", "crl.pem")));
    }

    [Fact]
    public void Provision_EmptyExistingFolder_IsUsed()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("kits"));

        var result = Some.Kits(temp);

        Assert.True(File.Exists(Path.Combine(result.Directory, "server", "cert.pem")));
    }

    [Fact]
    public void Provision_NonEmptyFolder_RefusesAndWritesNothing()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("kits"));
        File.WriteAllText(temp.Combine("kits", "notes.txt"), "mine");

        var e = Assert.Throws<ProvisioningException>(() => Some.Kits(temp));

        Assert.Contains("is not empty", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(temp.Combine("kits")).Select(Path.GetFileName));
        Assert.Equal([temp.Combine("kits")], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Provision_FailureHalfWay_LeavesNoFolderBehind()
    {
        using var temp = new TempDir();
        // Admin names only reach the provisioner through Validated(); an invalid one stops it before any write.
        var project = Some.Project with { Admins = [new AdminSpec("bad/name", AdminRole.ProjectAdmin)] };

        Assert.Throws<ProvisioningException>(() => Some.Kits(temp, project: project));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Provision_Rsa3072_IssuesRsaKeysWithKeyEncipherment()
    {
        using var temp = new TempDir();
        var project = Some.Project with { Key = KeyAlgorithm.Rsa3072, Sites = ["hospital-a"], Admins = [] };

        var result = Some.Kits(temp, project: project);

        using var kit = StartupKit.Load(Path.Combine(result.Directory, "hospital-a"));
        using var rsa = kit.Certificate.GetRSAPublicKey();
        Assert.Equal(3072, rsa!.KeySize);
        Assert.Equal("1.2.840.113549.1.1.11", kit.Certificate.SignatureAlgorithm.Value); // sha256WithRSAEncryption
        var usage = kit.Certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage);
    }

    [Fact]
    public void AddSite_NewSite_AddsOneKitAndLeavesEveryOtherKitByteIdentical()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        var before = Snapshot(root);

        var kit = Provisioner.AddSite(root, "hospital-d");

        var after = Snapshot(root);
        Assert.Equal(Path.Combine(root, "hospital-d"), kit.Folder);
        Assert.Equal(["README.md", "ca.pem", "cert.pem", "key.pem", "kit.json"], FileNames(kit.Folder));
        var changed = after.Keys.Union(before.Keys).Where(f => !before.TryGetValue(f, out var b) || !after.TryGetValue(f, out var a) || b != a).ToList();
        Assert.All(changed, f => Assert.True(f.StartsWith("hospital-d", StringComparison.Ordinal) || f.StartsWith("project", StringComparison.Ordinal), f));
        Assert.Equal(["hospital-a", "hospital-b", "hospital-c", "hospital-d"], ProjectFile.Load(Path.Combine(root, "project", "project.yml")).Sites);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(root), e => Path.GetFileName(e).StartsWith('.'));
        using var loaded = StartupKit.Load(kit.Folder);
        Assert.Equal(ParticipantKind.Site, loaded.Kind);
        Assert.Equal(Snapshot(Path.Combine(root, "hospital-a"))["ca.pem"], Snapshot(kit.Folder)["ca.pem"]);
    }

    [Theory]
    [InlineData("hospital-a", "already has a participant named 'hospital-a'")]
    [InlineData("server", "already has a participant named 'server'")]
    [InlineData("Hospital-D", "site name 'Hospital-D' is invalid")]
    [InlineData("../evil", "site name '../evil' is invalid")]
    public void AddSite_BadName_RefusesAndChangesNothing(string name, string expected)
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        var before = Snapshot(root);

        var e = Assert.Throws<ProvisioningException>(() => Provisioner.AddSite(root, name));

        Assert.Contains(expected, e.Message);
        Assert.Equal(before, Snapshot(root));
    }

    [Fact]
    public void AddSite_NotAKitsFolder_SaysWhatIsExpected()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        var e = Assert.Throws<ProvisioningException>(() => Provisioner.AddSite(Path.Combine(root, "hospital-a"), "hospital-d"));

        Assert.Contains("no project/ca.key.pem", e.Message);
    }

    [Fact]
    public void AddSite_CaKeyReadableByOthers_RefusesToUseIt()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        FileModes.Set(Path.Combine(root, "project", "ca.key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var e = Assert.Throws<ProvisioningException>(() => Provisioner.AddSite(root, "hospital-d"));

        Assert.Contains("chmod 600", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "hospital-d")));
    }

    [Fact]
    public void AddAdmin_SiteAdmin_IssuesAKitCarryingRoleAndSite()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        var issued = Provisioner.AddAdmin(root, "it@hospital-b.example.org", AdminRole.SiteAdmin, "hospital-b");

        using var kit = StartupKit.Load(issued.Folder);
        Assert.Equal(new ParticipantIdentity(ParticipantKind.Admin, "it@hospital-b.example.org", "demo", AdminRole.SiteAdmin, "hospital-b"), kit.Identity);
        Assert.Contains("it@hospital-b.example.org", File.ReadAllText(Path.Combine(root, "project", "project.yml")));
    }

    [Fact]
    public void AddAdmin_SiteAdminOfUnknownSite_Refuses()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;

        var e = Assert.Throws<ProvisioningException>(() => Provisioner.AddAdmin(root, "x@y.org", AdminRole.SiteAdmin, "hospital-z"));

        Assert.Contains("not one of the sites", e.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "x@y.org")));
    }

    [Fact]
    public void Revoke_Site_ListsItInRevokedJsonAndANewCrlCopiedToTheServer()
    {
        using var temp = new TempDir();
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var result = Some.Kits(temp, clock);
        var root = result.Directory;
        var serial = result.Kits.Single(k => k.Identity.Name == "hospital-b").Serial;
        clock.Now = clock.Now.AddDays(1);

        var revocation = Provisioner.Revoke(root, "hospital-b", clock);

        Assert.Equal([new RevokedCertificate("hospital-b", serial, clock.Now)], revocation.Revoked);
        Assert.Equal(2, revocation.CrlNumber);
        Assert.Equal(Path.Combine(root, "server", "crl.pem"), revocation.ServerCrlPath);
        using var revoked = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "project", "revoked.json")));
        var entry = Assert.Single(revoked.RootElement.EnumerateArray());
        Assert.Equal("hospital-b", entry.GetProperty("name").GetString());
        Assert.Equal(serial, entry.GetProperty("serial").GetString());
        Assert.Equal("2026-03-02T12:00:00Z", entry.GetProperty("revoked_at").GetString());
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(root, "project", "ca.pem"));
        var crl = CrlFile.Load(Path.Combine(root, "server", "crl.pem"), ca);
        Assert.Equal(2, crl.Number);
        Assert.Equal([serial], crl.RevokedSerials);
        Assert.Equal(File.ReadAllText(Path.Combine(root, "project", "crl.pem")), File.ReadAllText(Path.Combine(root, "server", "crl.pem")));

        Provisioner.Revoke(root, "hospital-c", clock);
        Assert.Equal(3, CrlFile.Load(Path.Combine(root, "server", "crl.pem"), ca).Number);
    }

    [Fact]
    public void Revoke_UnknownOrAlreadyRevoked_Refuses()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        Provisioner.Revoke(root, "hospital-b");

        Assert.Contains("has no participant named 'nobody'", Assert.Throws<ProvisioningException>(() => Provisioner.Revoke(root, "nobody")).Message);
        Assert.Contains("'hospital-b' is already revoked", Assert.Throws<ProvisioningException>(() => Provisioner.Revoke(root, "hospital-b")).Message);
    }

    private static JsonDocument Json(string root, string kit) => JsonDocument.Parse(File.ReadAllText(Path.Combine(root, kit, "kit.json")));

    private static string[] FileNames(string folder) =>
        Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Relative path → SHA-256 of every file under <paramref name="root"/>.</summary>
    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
