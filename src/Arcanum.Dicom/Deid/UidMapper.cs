using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// New UIDs as a keyed function of the old: HMAC-SHA256 of the original under the project key, 128 bits of it
/// written as 2.25.&lt;decimal&gt; (PS3.5 B.2). The same original gives the same replacement in every file and run,
/// so a study keeps one Study Instance UID and references between files still resolve; without the key the
/// mapping can neither be reversed nor checked against a guessed original.
/// </summary>
public static class UidMapper
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("arcanum/dicom/uid\0");

    public static string Map(byte[] key, string uid)
    {
        var message = new byte[Domain.Length + Encoding.ASCII.GetByteCount(uid)];
        Domain.CopyTo(message, 0);
        Encoding.ASCII.GetBytes(uid, message.AsSpan(Domain.Length));
        var mac = HMACSHA256.HashData(key, message);
        var value = new BigInteger(mac.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Maps each value of a possibly multi-valued UI element.</summary>
    public static string MapAll(byte[] key, string values) =>
        string.Join('\\', values.Split('\\').Select(v => v.Trim('\0', ' ')).Select(v => v.Length == 0 ? v : Map(key,
            v)));
}
