using System.Security.Cryptography;

namespace Arcanum.Provisioning.Tests.Identity;

public sealed class ParticipantIdentityTests
{
    public static TheoryData<ParticipantIdentity> Identities => new()
    {
        ParticipantIdentity.ForServer("demo"),
        ParticipantIdentity.ForSite("hospital-a", "demo"),
        ParticipantIdentity.ForAdmin("admin@example.org", "demo", AdminRole.ProjectAdmin, null),
        ParticipantIdentity.ForAdmin("it@hospital-a.example.org", "demo", AdminRole.SiteAdmin, "hospital-a"),
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void FromCertificate_SubjectWrittenByToSubject_GivesTheSameIdentity(ParticipantIdentity identity)
    {
        using var cert = SelfSigned(identity.ToSubject());

        Assert.Equal(identity, ParticipantIdentity.FromCertificate(cert));
    }

    [Theory]
    [InlineData("CN=demo Arcanum CA, O=demo")]
    [InlineData("CN=x, O=demo, OU=nurse")]
    [InlineData("CN=x, O=demo, OU=site-admin:")]
    [InlineData("CN=x, OU=site")]
    [InlineData("O=demo, OU=site")]
    [InlineData("CN=x, CN=y, O=demo, OU=site")]
    [InlineData("CN=x, O=demo, OU=site, C=DE")]
    public void FromCertificate_OtherSubjects_AreRefused(string subject)
    {
        using var cert = SelfSigned(new X500DistinguishedName(subject));

        Assert.False(ParticipantIdentity.TryFromCertificate(cert, out _));
        var e = Assert.Throws<ProvisioningException>(() => ParticipantIdentity.FromCertificate(cert));
        Assert.Contains("does not name an Arcanum participant", e.Message);
    }

    [Fact]
    public void Description_SaysRoleAndSite()
    {
        Assert.Equal("site-admin of hospital-a", ParticipantIdentity.ForAdmin("x", "demo", AdminRole.SiteAdmin, "hospital-a").Description);
        Assert.Equal("project-admin", ParticipantIdentity.ForAdmin("x", "demo", AdminRole.ProjectAdmin, null).Description);
    }

    private static X509Certificate2 SelfSigned(X500DistinguishedName subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
