using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests.Kits;

public sealed class StartupKitTests(ExampleKits kits) : IClassFixture<ExampleKits>
{
    [Fact]
    public void Load_SiteKit_GivesSettingsPolicyAndACertificateWithItsKey()
    {
        var root = kits.Root;

        using var kit = StartupKit.Load(Path.Combine(root, "hospital-a"));

        Assert.Equal(ParticipantKind.Site, kit.Kind);
        Assert.Equal("hospital-a", kit.Name);
        Assert.Equal("demo", kit.Project);
        Assert.Equal(("127.0.0.1", 8443), (kit.ServerHost, kit.ServerPort));
        Assert.Equal(new SitePolicy(null, 1, null), kit.Policy);
        Assert.Null(kit.Server);
        Assert.True(kit.Certificate.HasPrivateKey);
        Assert.Equal("CN=demo Arcanum CA, O=demo", kit.CaCertificate.Subject);
        Assert.Equal(kit.CertificateNotAfter.UtcDateTime, kit.Certificate.NotAfter.ToUniversalTime());
        Assert.True(kit.CaNotAfter > kit.CertificateNotAfter);
    }

    [Fact]
    public void Load_ServerKit_ResolvesPathsAgainstTheKit()
    {
        var root = kits.Root;

        using var kit = StartupKit.Load(Path.Combine(root, "server"));

        Assert.Equal(new ServerSettings("127.0.0.1", 8443, Path.Combine(root, "server", "workspace"), 1, TimeSpan.FromSeconds(30), Path.Combine(root, "server", "crl.pem")), kit.Server);
        Assert.Null(kit.Policy);
    }

    [Fact]
    public void Load_SiteAdminKit_CarriesRoleAndSite()
    {
        var root = kits.Root;

        using var kit = StartupKit.Load(Path.Combine(root, "it@hospital-a.example.org"));

        Assert.Equal((ParticipantKind.Admin, (AdminRole?)AdminRole.SiteAdmin, "hospital-a"), (kit.Kind, kit.Identity.AdminRole, kit.Identity.AdminSite));
    }

    [Fact]
    public void Load_MissingFolder_SaysSo()
    {
        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load("/nonexistent/kits/hospital-a"));

        Assert.Contains("startup kit folder '/nonexistent/kits/hospital-a' does not exist", e.Message);
    }

    [Fact]
    public void Load_FolderWithoutKitJson_IsNotAKit()
    {
        using var temp = new TempDir();

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(temp.Path));

        Assert.Contains("is not a startup kit: kit.json is missing", e.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"kind\": \"robot\", \"name\": \"x\" }")]
    [InlineData("{ \"kind\": \"site\", \"name\": \"hospital-a\" }")]
    public void Load_InvalidKitJson_SaysItIsInvalid(string json)
    {
        using var temp = new TempDir();
        var kitDir = Path.Combine(Some.Kits(temp).Directory, "hospital-a");
        File.WriteAllText(Path.Combine(kitDir, "kit.json"), json);

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(kitDir));

        Assert.Contains("kit.json in", e.Message);
        Assert.Contains("is invalid", e.Message);
    }

    [Theory]
    [InlineData("hospital-a", "\"min_sites\": 1", "\"min_sites\": 0", "policy.min_sites must be at least 1 (got 0)")]
    [InlineData("hospital-a", "\"max_rounds\": null", "\"max_rounds\": -3", "policy.max_rounds must be null or at least 1 (got -3)")]
    [InlineData("hospital-a", "\"stats_min_count\": 10", "\"stats_min_count\": 0", "policy.stats_min_count must be at least 1 (got 0")]
    [InlineData("hospital-a", "\"stats_epsilon\": null", "\"stats_epsilon\": -1", "policy.stats_epsilon must be null (no noise) or a positive number")]
    [InlineData("hospital-a", "\"stats_epsilon_budget\": null", "\"stats_epsilon_budget\": 3", "needs policy.stats_epsilon")]
    [InlineData("server", "\"max_concurrent_jobs\": 1", "\"max_concurrent_jobs\": 0", "max_concurrent_jobs must be at least 1 (got 0)")]
    [InlineData("server", "\"heartbeat_timeout_s\": 30", "\"heartbeat_timeout_s\": 0", "heartbeat_timeout_s must be at least 1 (got 0)")]
    [InlineData("admin@example.org", "\"role\": \"project-admin\"", "\"role\": \"boss\"", "is invalid")]
    public void Load_EditedSettingOutOfRange_NamesIt(string kit, string original, string edited, string expected)
    {
        using var temp = new TempDir();
        var kitDir = Path.Combine(Some.Kits(temp).Directory, kit);
        var json = File.ReadAllText(Path.Combine(kitDir, "kit.json"));
        Assert.Contains(original, json);
        File.WriteAllText(Path.Combine(kitDir, "kit.json"), json.Replace(original, edited, StringComparison.Ordinal));

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(kitDir));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_KeyReadableByOthers_TellsToChmod600()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDir();
        var kitDir = Path.Combine(Some.Kits(temp).Directory, "hospital-a");
        FileModes.Set(Path.Combine(kitDir, "key.pem"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(kitDir));

        Assert.Contains("can be read by other users (mode 644)", e.Message);
        Assert.Contains("chmod 600", e.Message);
    }

    [Fact]
    public void Load_KeyFromAnotherKit_IsAMismatch()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        File.Copy(Path.Combine(root, "hospital-b", "key.pem"), Path.Combine(root, "hospital-a", "key.pem"), overwrite: true);

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "hospital-a")));

        Assert.Contains("key.pem does not belong to cert.pem", e.Message);
    }

    [Fact]
    public void Load_CaOfAnotherProject_IsRefused()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        var other = Provisioner.Provision(Some.Project, temp.Combine("other")).Directory;
        File.Copy(Path.Combine(other, "project", "ca.pem"), Path.Combine(root, "hospital-a", "ca.pem"), overwrite: true);

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "hospital-a")));

        Assert.Contains("was not issued by the demo project CA", e.Message);
    }

    [Fact]
    public void Load_KitJsonOfAnotherParticipant_IsRefused()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        File.Copy(Path.Combine(root, "hospital-b", "kit.json"), Path.Combine(root, "hospital-a", "kit.json"), overwrite: true);

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "hospital-a")));

        Assert.Contains("is for site 'hospital-b'", e.Message);
        Assert.Contains("cert.pem is for site 'hospital-a'", e.Message);
    }

    [Fact]
    public void Load_ExpiredCertificate_AsksForANewKit()
    {
        using var temp = new TempDir();
        var provisionedAt = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var root = Some.Kits(temp, new FixedClock(provisionedAt)).Directory;

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "hospital-a"), new FixedClock(provisionedAt.AddDays(400))));

        Assert.Equal("the kit's certificate expired on 2020-12-31T00:00:00Z; ask the project owner for a new kit.", e.Message);
    }

    [Fact]
    public void Load_CertificateNotYetValid_AsksToCheckTheClock()
    {
        using var temp = new TempDir();
        var provisionedAt = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var root = Some.Kits(temp, new FixedClock(provisionedAt)).Directory;

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "hospital-a"), new FixedClock(provisionedAt.AddDays(-1))));

        Assert.Equal("the kit's certificate is not valid until 2030-06-01T11:55:00Z; check this computer's clock.", e.Message);
    }

    [Fact]
    public void Load_ServerKitWithoutCrl_SaysSo()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        File.Delete(Path.Combine(root, "server", "crl.pem"));

        var e = Assert.Throws<ProvisioningException>(() => StartupKit.Load(Path.Combine(root, "server")));

        Assert.Contains("has no CRL", e.Message);
    }
}
