using Arcanum.Network.Server;
using Arcanum.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Network.Tests;

/// <summary>The per-call check is cheap because it keeps its verdict, but never past a change of the revocation list.</summary>
public sealed class CertificateRecheckTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _kits;

    public CertificateRecheckTests()
    {
        var yaml = _dir.File("project.yml", """
            name: demo
            server: { host: 127.0.0.1, port: 9 }
            sites: [hospital-a, hospital-b]
            admins:
              - { name: admin@example.org, role: project-admin }
            """);
        _kits = _dir.Sub("kits");
        Provisioner.Provision(yaml, _kits);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Problem_AfterRevocation_IsReportedAtTheNextCheckDespiteTheKeptVerdict()
    {
        // Given: an accepted site, its verdict kept
        using var server = StartupKit.Load(Path.Combine(_kits, "server"));
        using var site = StartupKit.Load(Path.Combine(_kits, "hospital-b"));
        var recheck = new CertificateRecheck(new PeerValidator(server.CaCertificate, "demo", server.Server!.CrlPath), server.Server.CrlPath, new FakeTimeProvider());
        Assert.Null(recheck.Problem(site.Certificate));
        Assert.Null(recheck.Problem(site.Certificate));

        // When
        Provisioner.Revoke(_kits, "hospital-b");

        // Then
        Assert.Contains("revoked", recheck.Problem(site.Certificate));
    }

    [Fact]
    public void Problem_CertificateExpiresWhileConnected_IsReportedWithinAMinute()
    {
        using var server = StartupKit.Load(Path.Combine(_kits, "server"));
        using var site = StartupKit.Load(Path.Combine(_kits, "hospital-a"));
        var clock = new FakeTimeProvider(site.Certificate.NotAfter.ToUniversalTime().AddSeconds(-30));
        var recheck = new CertificateRecheck(new PeerValidator(server.CaCertificate, "demo", server.Server!.CrlPath, clock), server.Server.CrlPath, clock);
        Assert.Null(recheck.Problem(site.Certificate));

        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Contains("expired", recheck.Problem(site.Certificate));
    }
}
