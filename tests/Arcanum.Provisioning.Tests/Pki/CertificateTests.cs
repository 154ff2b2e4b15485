using System.Net;
using System.Security.Cryptography;
using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests.Pki;

public sealed class CertificateTests(ExampleKits kits) : IClassFixture<ExampleKits>
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";

    [Fact]
    public void Ca_IsASelfSignedCaForTenYearsThatMayOnlySignParticipants()
    {
        using var ca = Load("project", "ca.pem");

        Assert.Equal("CN=demo Arcanum CA, O=demo", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3650, 3653);
        Assert.Equal(384, ca.GetECDsaPublicKey()!.KeySize);
    }

    [Theory]
    [InlineData("server", "CN=server, O=demo, OU=server")]
    [InlineData("hospital-a", "CN=hospital-a, O=demo, OU=site")]
    [InlineData("admin@example.org", "CN=admin@example.org, O=demo, OU=project-admin")]
    [InlineData("it@hospital-a.example.org", "CN=it@hospital-a.example.org, O=demo, OU=site-admin:hospital-a")]
    public void ParticipantCertificate_IsAP384LeafSignedByTheCa(string kit, string subject)
    {
        using var ca = Load("project", "ca.pem");
        using var cert = Load(kit, "cert.pem");

        Assert.Equal(subject, cert.Subject);
        Assert.Equal(ca.Subject, cert.Issuer);
        Assert.Equal(EcdsaWithSha384, cert.SignatureAlgorithm.Value);
        Assert.Equal(384, cert.GetECDsaPublicKey()!.KeySize);
        Assert.False(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, cert.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        var caKeyId = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();
        Assert.Equal(caKeyId, cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray());
        Assert.NotNull(cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault());
        var serial = cert.SerialNumberBytes.ToArray();
        Assert.Equal(16, serial.Length);
        Assert.True(serial[0] is > 0 and < 0x80, "serial is positive and minimally encoded");
        Assert.True(cert.NotAfter <= ca.NotAfter);
        Assert.InRange((cert.NotAfter - cert.NotBefore).TotalDays, 365, 366);
    }

    [Fact]
    public void ParticipantCertificates_HaveDistinctSerials()
    {
        Assert.Equal(kits.Result.Kits.Count, kits.Result.Kits.Select(k => k.Serial).Distinct().Count());
    }

    [Fact]
    public void ServerCertificate_IsForServerAuthWithLoopbackNames()
    {
        using var cert = Load("server", "cert.pem");

        Assert.Equal([ServerAuth], Usages(cert));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal([IPAddress.Loopback], san.EnumerateIPAddresses());
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.True(cert.MatchesHostname("127.0.0.1", allowWildcards: false, allowCommonName: false));
    }

    [Theory]
    [InlineData("hospital-a")]
    [InlineData("admin@example.org")]
    [InlineData("it@hospital-a.example.org")]
    public void ClientCertificates_AreForClientAuthOnly(string kit)
    {
        using var cert = Load(kit, "cert.pem");

        Assert.Equal([ClientAuth], Usages(cert));
        Assert.Empty(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>());
    }

    [Fact]
    public void ServerCertificate_DnsHostWithAltNames_HasExactlyThoseNames()
    {
        using var temp = new TempDir();
        var project = Some.Project with { Server = new ServerSpec("fl.example.org", 443) { AltNames = ["10.0.0.5", "fl2.example.org"] }, Admins = [] };
        var root = Some.Kits(temp, project: project).Directory;

        using var cert = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(root, "server", "cert.pem"));

        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["fl.example.org", "fl2.example.org"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5")], san.EnumerateIPAddresses());
    }

    [Theory]
    [InlineData("127.0.0.1", new[] { "127.0.0.1", "localhost" })]
    [InlineData("localhost", new[] { "localhost", "127.0.0.1" })]
    [InlineData("::1", new[] { "::1", "localhost", "127.0.0.1" })]
    [InlineData("10.1.2.3", new[] { "10.1.2.3" })]
    [InlineData("fl.example.org", new[] { "fl.example.org" })]
    public void ServerNames_AddLocalhostOnlyForLoopbackHosts(string host, string[] expected)
    {
        Assert.Equal(expected, KitWriter.ServerNames(new ServerSpec(host, 1)));
    }

    [Fact]
    public void IssueWithKey_ExplicitDates_AreKept()
    {
        using var ca = CertificateAuthority.Create("other", KeyAlgorithm.EcdsaP384, DateTimeOffset.UtcNow);
        var notBefore = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        using var cert = ca.IssueWithKey(ParticipantIdentity.ForSite("a", "other"), notBefore, notBefore.AddDays(1));

        Assert.True(cert.HasPrivateKey);
        Assert.Equal(notBefore.UtcDateTime, cert.NotBefore.ToUniversalTime());
        Assert.Equal(notBefore.AddDays(1).UtcDateTime, cert.NotAfter.ToUniversalTime());
    }

    private X509Certificate2 Load(string kit, string file) => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(kits.Kit(kit), file));

    private static string[] Usages(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToArray();
}
