using System.Buffers.Binary;
using System.Text;

namespace Arcanum.Dicom.Tests.Support;

/// <summary>
/// Encodes DICOM bytes by hand, independently of the writer under test, so the reader is checked against PS3.5
/// and not against itself.
/// </summary>
internal static class DicomBytes
{
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
        "UR", "UT", "UV"];

    public static byte[] Element(bool explicitVr, ushort group, ushort element, string vr, byte[] value,
        bool undefined = false)
    {
        var length = undefined ? 0xFFFFFFFF : (uint)value.Length;
        var header = new List<byte>(Tag(group, element));
        if (!explicitVr) header.AddRange(UInt32(length));
        else if (LongVrs.Contains(vr)) header.AddRange([.. Encoding.ASCII.GetBytes(vr), 0, 0, .. UInt32(length)]);
        else header.AddRange([.. Encoding.ASCII.GetBytes(vr), .. UInt16((ushort)length)]);
        return [.. header, .. value];
    }

    public static byte[] Text(bool explicitVr, ushort group, ushort element, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1) bytes = [.. bytes, vr == "UI" ? (byte)0 : (byte)' '];
        return Element(explicitVr, group, element, vr, bytes);
    }

    public static byte[] Sequence(bool explicitVr, ushort group, ushort element, bool undefined, params byte[][] items)
    {
        byte[] body = [.. items.SelectMany(i => i)];
        return undefined
            ? [.. Element(explicitVr, group, element, "SQ", body, undefined: true), .. Delimiter(0xE0DD)]
            : Element(explicitVr, group, element, "SQ", body);
    }

    public static byte[] Item(bool undefined, params byte[][] elements)
    {
        byte[] body = [.. elements.SelectMany(e => e)];
        return undefined
            ? [.. Tag(0xFFFE, 0xE000), .. UInt32(0xFFFFFFFF), .. body, .. Delimiter(0xE00D)]
            : [.. Tag(0xFFFE, 0xE000), .. UInt32((uint)body.Length), .. body];
    }

    /// <summary>Encapsulated pixel data: an empty basic offset table, then each fragment.</summary>
    public static byte[] Encapsulated(params byte[][] fragments)
    {
        var items = new List<byte>();
        foreach (var fragment in fragments.Prepend([]))
            items.AddRange([.. Tag(0xFFFE, 0xE000), .. UInt32((uint)fragment.Length), .. fragment]);
        return [.. Element(true, 0x7FE0, 0x0010, "OB", [.. items], undefined: true), .. Delimiter(0xE0DD)];
    }

    /// <summary>A Part 10 file: zero preamble, DICM, the meta group (explicit VR, with its group length), the
    /// body.</summary>
    public static byte[] File(string transferSyntax, string sopClass, string sopInstance, params byte[][] body)
    {
        byte[] meta =
        [
            .. Element(true, 0x0002, 0x0001, "OB", [0, 1]),
            .. Text(true, 0x0002, 0x0002, "UI", sopClass),
            .. Text(true, 0x0002, 0x0003, "UI", sopInstance),
            .. Text(true, 0x0002, 0x0010, "UI", transferSyntax),
        ];
        return
        [
            .. new byte[128], .. "DICM"u8, .. Element(true, 0x0002, 0x0000, "UL", UInt32((uint)meta.Length)), .. meta,
            .. body.SelectMany(b => b),
        ];
    }

    private static byte[] Delimiter(ushort element) => [.. Tag(0xFFFE, element), 0, 0, 0, 0];

    private static byte[] Tag(ushort group, ushort element) => [.. UInt16(group), .. UInt16(element)];

    private static byte[] UInt16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
