using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>UTC instants as people and kit files read them: 2027-03-01T09:30:00Z.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());

    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime());

    /// <summary>Certificates start this long before "now" so a peer whose clock runs a little slow still accepts them.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Drops sub-second precision, which certificates cannot hold.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);
}
