using System.Buffers.Binary;
using System.Globalization;
using Arcanum.Dicom;

namespace Arcanum.Data.Images;

/// <summary>
/// The pixels of a single-frame MONOCHROME2 DICOM file in a native (uncompressed) little-endian transfer syntax,
/// 8 or 16 bits allocated, signed or not, with the modality rescale (slope, intercept) applied.
/// </summary>
internal static class DicomPixels
{
    private static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);
    private static readonly DicomTag Photometric = new(0x0028, 0x0004);
    private static readonly DicomTag Frames = new(0x0028, 0x0008);
    private static readonly DicomTag Rows = new(0x0028, 0x0010);
    private static readonly DicomTag Columns = new(0x0028, 0x0011);
    private static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);
    private static readonly DicomTag RescaleIntercept = new(0x0028, 0x1052);
    private static readonly DicomTag RescaleSlope = new(0x0028, 0x1053);

    /// <summary>Width and height, after checking the file is one this reader can decode.</summary>
    public static (int Width, int Height) Probe(string path, int maxSide)
    {
        var (width, height, _, _) = Describe(Open(path), path, maxSide);
        return (width, height);
    }

    public static (int Width, int Height, float[] Values) Read(string path, int maxSide)
    {
        var file = Open(path);
        var (width, height, bits, signed) = Describe(file, path, maxSide);
        var data = file.Dataset[DicomTag.PixelData]!.Value.Span;
        var count = width * height;
        if (data.Length < count * bits / 8)
            throw Fail(path, $"has {data.Length} bytes of pixel data where {width}x{height} pixels of {bits} bits "
                + "need more; the file is truncated");
        var slope = Number(file, RescaleSlope) ?? 1;
        var intercept = Number(file, RescaleIntercept) ?? 0;
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            double raw = (bits, signed) switch
            {
                (8, false) => data[i],
                (8, true) => (sbyte)data[i],
                (_, false) => BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]),
                _ => BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]),
            };
            values[i] = (float)(raw * slope + intercept);
        }
        return (width, height, values);
    }

    private static DicomFile Open(string path)
    {
        try
        {
            return DicomReader.Read(path);
        }
        catch (DicomException e)
        {
            throw new ImageDataException(path, $"DICOM file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static (int Width, int Height, int Bits, bool Signed) Describe(DicomFile file, string path, int maxSide)
    {
        var uid = file.Syntax.Uid;
        if (uid is not (TransferSyntax.ImplicitVrLittleEndianUid or TransferSyntax.ExplicitVrLittleEndianUid)
            || file.Dataset[DicomTag.PixelData]?.Fragments is not null)
            throw Fail(path, $"is compressed (transfer syntax {uid}); only uncompressed little-endian pixels are "
                + "read. Decompress it first, e.g. `gdcmconv --raw` or `dcmdjpeg`");
        if (file.Dataset[DicomTag.PixelData] is null) throw Fail(path, "has no pixel data");
        var photometric = file.Dataset.GetAscii(Photometric) ?? "";
        if ((UShort(file, SamplesPerPixel) ?? 1) != 1 || photometric != "MONOCHROME2")
            throw Fail(path, $"is {(photometric.Length == 0 ? "not monochrome" : photometric)}; only single-sample "
                + "MONOCHROME2 (grey, 0 = black) images are read");
        if (int.TryParse(file.Dataset.GetAscii(Frames), CultureInfo.InvariantCulture, out var frames) && frames > 1)
            throw Fail(path, $"holds {frames} frames; only single-frame images are read");
        var (rows, cols) = (UShort(file, Rows) ?? 0, UShort(file, Columns) ?? 0);
        if (rows < 1 || cols < 1) throw Fail(path, "has no Rows/Columns; it is not an image");
        if (rows > maxSide || cols > maxSide)
            throw Fail(path, $"is {cols}x{rows} pixels, larger than {maxSide} on a side; it is refused unread");
        var bits = UShort(file, BitsAllocated) ?? 0;
        if (bits is not (8 or 16)) throw Fail(path, $"has {bits} bits allocated per pixel; only 8 or 16 are read");
        return (cols, rows, bits, UShort(file, PixelRepresentation) == 1);
    }

    private static int? UShort(DicomFile file, DicomTag tag) =>
        file.Dataset[tag] is { Value.Length: >= 2 } e ? BinaryPrimitives.ReadUInt16LittleEndian(e.Value.Span) : null;

    private static double? Number(DicomFile file, DicomTag tag) =>
        double.TryParse(file.Dataset.GetAscii(tag)?.Split('\\')[0], NumberStyles.Float, CultureInfo.InvariantCulture,
            out var v) && double.IsFinite(v) ? v : null;

    private static ImageDataException Fail(string path, string problem) => new(path, $"DICOM file '{path}' {problem}.");
}
