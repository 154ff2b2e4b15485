using System.Numerics;

namespace Arcanum.Provisioning;

/// <summary>The outcome of <see cref="Provisioner.Revoke"/>.</summary>
/// <param name="Revoked">The certificates revoked by this call.</param>
/// <param name="CrlNumber">The number of the CRL now in force.</param>
/// <param name="ServerCrlPath">The server kit's crl.pem, when the server kit is in the kits directory and was updated; otherwise null (copy project/crl.pem to the server).</param>
public sealed record RevocationResult(IReadOnlyList<RevokedCertificate> Revoked, BigInteger CrlNumber, string? ServerCrlPath);
