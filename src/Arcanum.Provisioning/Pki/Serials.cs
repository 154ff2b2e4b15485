using System.Security.Cryptography;

namespace Arcanum.Provisioning;

/// <summary>Certificate serial numbers: random, positive, 16 bytes, compared as uppercase hex.</summary>
internal static class Serials
{
    public static byte[] New()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        // Clear the sign bit (serials are positive) and keep the first byte non-zero (DER minimal form).
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>Uppercase hex without leading zero bytes, as both certificates and CRL entries are compared.</summary>
    public static string Normalize(ReadOnlySpan<byte> bigEndian)
    {
        while (bigEndian.Length > 1 && bigEndian[0] == 0) bigEndian = bigEndian[1..];
        return Convert.ToHexString(bigEndian);
    }
}
