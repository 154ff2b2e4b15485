namespace Arcanum.Provisioning;

/// <summary>One entry of revoked.json and of the CRL.</summary>
public sealed record RevokedCertificate(string Name, string Serial, DateTimeOffset RevokedAt);
