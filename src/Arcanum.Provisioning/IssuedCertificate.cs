namespace Arcanum.Provisioning;

/// <summary>One entry of issued.json: every certificate the CA signed, so any of them can be revoked.</summary>
internal sealed record IssuedCertificate(string Name, string Kind, string Serial, DateTimeOffset NotAfter, DateTimeOffset IssuedAt)
{
    public static IssuedCertificate Of(IssuedKit kit, DateTimeOffset now) =>
        new(kit.Identity.Name, kit.Identity.OrganizationalUnit, kit.Serial, kit.CertificateNotAfter, Timestamps.TruncateToSeconds(now));
}
