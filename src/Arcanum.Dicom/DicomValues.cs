using System.Text;

namespace Arcanum.Dicom;

/// <summary>Value representation rules from PS3.5 6.2 and 7.1 that the reader and writer share.</summary>
internal static class DicomValues
{
    /// <summary>VRs whose explicit-VR header has 2 reserved bytes and a 4-byte length (PS3.5 7.1.2).</summary>
    private static readonly HashSet<string> LongLength = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
        "UR", "UT", "UV"];

    public static bool HasLongLength(string vr) => LongLength.Contains(vr);

    public static bool IsValidVr(byte a, byte b) =>
        a is >= (byte)'A' and <= (byte)'Z' && b is >= (byte)'A' and <= (byte)'Z';

    /// <summary>UIDs pad with NUL, binary VRs with zero bytes, text with a space (PS3.5 6.2).</summary>
    public static byte PadByte(string vr) => vr is "UI" or "OB" or "UN" ? (byte)0 : (byte)' ';

    public static ReadOnlyMemory<byte> Pad(byte[] bytes, string vr)
    {
        if (bytes.Length % 2 == 0) return bytes;
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = PadByte(vr);
        return padded;
    }

    /// <summary>Byte-for-char (Latin-1) so no two values collide; padding and leading spaces trimmed.</summary>
    public static string Ascii(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value).TrimEnd('\0',
        ' ').TrimStart(' ');
}
