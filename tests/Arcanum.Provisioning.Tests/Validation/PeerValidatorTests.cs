using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests.Validation;

public sealed class PeerValidatorTests(ExampleKits kits) : IClassFixture<ExampleKits>
{
    [Theory]
    [InlineData("hospital-a")]
    [InlineData("admin@example.org")]
    [InlineData("it@hospital-a.example.org")]
    public void Validate_ClientKitsOfTheProject_AreAcceptedWithTheirIdentity(string name)
    {
        var root = kits.Root;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var client = StartupKit.Load(Path.Combine(root, name));

        var check = server.CreatePeerValidator().Validate(client.Certificate);

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(client.Identity, check.Identity);
    }

    [Fact]
    public void Validate_NoCertificate_IsRefused()
    {
        using var server = StartupKit.Load(kits.Kit("server"));

        Assert.Equal("no client certificate", server.CreatePeerValidator().Validate(null).Reason);
    }

    [Fact]
    public void Validate_CertificateOfAForeignCa_IsRefusedNamingItsIssuer()
    {
        using var server = StartupKit.Load(kits.Kit("server"));
        // Same project name, same subject names: only the key differs.
        using var foreignCa = CertificateAuthority.Create("demo", KeyAlgorithm.EcdsaP384, DateTimeOffset.UtcNow);
        using var foreign = foreignCa.IssueWithKey(ParticipantIdentity.ForSite("hospital-a", "demo"), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        var check = server.CreatePeerValidator().Validate(foreign);

        Assert.Equal("certificate of 'hospital-a' was not issued by the demo project CA (issuer: CN=demo Arcanum CA, O=demo)", check.Reason);
    }

    [Fact]
    public void Validate_ExpiredCertificate_SaysWhenItExpired()
    {
        var root = kits.Root;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var ca = CertificateAuthority.Load(Path.Combine(root, "project", "ca.pem"), Path.Combine(root, "project", "ca.key.pem"));
        var expiredAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var expired = ca.IssueWithKey(ParticipantIdentity.ForSite("hospital-a", "demo"), expiredAt.AddDays(-30), expiredAt);

        var check = server.CreatePeerValidator().Validate(expired);

        Assert.Equal("certificate of 'hospital-a' expired on 2026-01-01T00:00:00Z", check.Reason);
    }

    [Fact]
    public void Validate_ValidatorClockPastExpiry_RefusesAProvisionedKit()
    {
        var root = kits.Root;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));

        var check = server.CreatePeerValidator(new FixedClock(site.CertificateNotAfter.AddSeconds(1))).Validate(site.Certificate);

        Assert.StartsWith("certificate of 'hospital-a' expired on ", check.Reason);
    }

    [Fact]
    public void Validate_ServerCertificateUsedAsClient_IsRefused()
    {
        using var server = StartupKit.Load(kits.Kit("server"));

        var check = server.CreatePeerValidator().Validate(server.Certificate);

        Assert.Equal("certificate of 'server' is not for client authentication", check.Reason);
    }

    [Fact]
    public void Validate_TheCaCertificateItself_IsRefused()
    {
        using var server = StartupKit.Load(kits.Kit("server"));

        var check = server.CreatePeerValidator().Validate(server.CaCertificate);

        Assert.False(check.IsValid);
    }

    [Fact]
    public void Validate_AfterRevoke_RefusesTheRevokedSiteAndStillAcceptsOthers()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var siteA = StartupKit.Load(Path.Combine(root, "hospital-a"));
        using var siteB = StartupKit.Load(Path.Combine(root, "hospital-b"));
        var validator = server.CreatePeerValidator();
        Assert.True(validator.Validate(siteB.Certificate).IsValid, "accepted before the revocation (and the first CRL is loaded)");

        Provisioner.Revoke(root, "hospital-b");

        Assert.Equal($"certificate of 'hospital-b' (serial {siteB.Certificate.SerialNumber}) is revoked", validator.Validate(siteB.Certificate).Reason);
        Assert.True(validator.Validate(siteA.Certificate).IsValid);
    }

    [Fact]
    public void Validate_CrlNotSignedByTheProjectCa_RefusesEveryone()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        var other = Provisioner.Provision(Some.Project, temp.Combine("other")).Directory;
        File.Copy(Path.Combine(other, "server", "crl.pem"), Path.Combine(root, "server", "crl.pem"), overwrite: true);
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));

        var check = server.CreatePeerValidator().Validate(site.Certificate);

        Assert.StartsWith("cannot check revocation, so nobody is accepted", check.Reason);
        Assert.Contains("signature does not verify", check.Reason);
    }

    [Fact]
    public void Validate_CrlDeletedWhileRunning_RefusesEveryone()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));
        var validator = server.CreatePeerValidator();
        File.Delete(Path.Combine(root, "server", "crl.pem"));

        Assert.Contains("is missing", validator.Validate(site.Certificate).Reason);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public void ValidateServer_ServerKitAtALoopbackName_IsAccepted(string host)
    {
        var root = kits.Root;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));

        var check = site.CreatePeerValidator().ValidateServer(server.Certificate, host);

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(ParticipantKind.Server, check.Identity!.Kind);
    }

    [Fact]
    public void ValidateServer_WrongHostSiteCertificateOrNothing_AreRefused()
    {
        var root = kits.Root;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));
        var validator = site.CreatePeerValidator();

        Assert.StartsWith("server certificate 'server' is not valid for host '10.1.2.3'", validator.ValidateServer(server.Certificate, "10.1.2.3").Reason);
        Assert.Equal("server certificate 'hospital-a' is not for server authentication", validator.ValidateServer(site.Certificate, "127.0.0.1").Reason);
        Assert.Equal("no server certificate", validator.ValidateServer(null, "127.0.0.1").Reason);
    }

    [Fact]
    public void ValidateServer_ServerOfAnotherProjectCa_IsRefused()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        var other = Provisioner.Provision(Some.Project, temp.Combine("other")).Directory;
        using var foreignServer = StartupKit.Load(Path.Combine(other, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));

        var check = site.CreatePeerValidator().ValidateServer(foreignServer.Certificate, "127.0.0.1");

        Assert.Contains("was not issued by the demo project CA", check.Reason);
    }
}
