using System.Buffers.Binary;
using Arcanum.Dicom;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Data.Tests.Images;

/// <summary>A temporary folder of tiny image files written in code; deleted on dispose.</summary>
internal sealed class ImageFixtures : IDisposable
{
    public ImageFixtures()
    {
        Root = Path.Combine(Path.GetTempPath(), "arcanum-img-" + Guid.NewGuid().ToString("N"), "study");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>An 8-bit grey PNG whose pixel (x, y) is value(x, y).</summary>
    public string Grey8(string relative, int width, int height, Func<int, int, byte> value)
    {
        using var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) image[x, y] = new L8(value(x, y));
        var path = PathOf(relative);
        image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        return path;
    }

    public string Grey16(string relative, int width, int height, Func<int, int, ushort> value)
    {
        using var image = new Image<L16>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) image[x, y] = new L16(value(x, y));
        var path = PathOf(relative);
        image.Save(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        return path;
    }

    public string Rgb(string relative, int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(10, 200, 30));
        var path = PathOf(relative);
        image.Save(path, new PngEncoder { ColorType = PngColorType.Rgb });
        return path;
    }

    /// <summary>A slice PNG and its 0/255 mask: <c>dir/NNN_flair.png</c> and <c>dir/NNN_mask.png</c>.</summary>
    public void Slice(string dir, int number, bool tumour, int size = 4)
    {
        Grey8($"{dir}/{number:000}_flair.png", size, size, (x, y) => (byte)(10 * x + y));
        Grey8($"{dir}/{number:000}_mask.png", size, size, (x, y) => tumour && x < size / 2 ? (byte)255 : (byte)0);
    }

    public string Text(string relative, string text)
    {
        var path = PathOf(relative);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A single-file NIfTI-1 volume, optionally gzipped (by the .gz name).</summary>
    public string Nifti(string relative, int[] dims, short datatype, double[] values, bool bigEndian = false,
        float slope = 0, float intercept = 0)
    {
        var path = PathOf(relative);
        var bytes = NiftiBytes(dims, datatype, values, bigEndian, slope, intercept);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new System.IO.Compression.GZipStream(File.Create(path),
                System.IO.Compression.CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    public static byte[] NiftiBytes(int[] dims, short datatype, double[] values, bool bigEndian = false,
        float slope = 0, float intercept = 0, int sizeofHdr = 348)
    {
        var size = datatype switch { 2 => 1, 4 or 512 => 2, 8 or 16 => 4, _ => 8 };
        var bytes = new byte[352 + values.Length * size];
        void I16(int at, short v)
        {
            if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(at), v);
            else BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(at), v);
        }
        void I32(int at, int v)
        {
            if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), v);
            else BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), v);
        }
        void F32(int at, float v)
        {
            if (bigEndian) BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(at), v);
            else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), v);
        }
        I32(0, sizeofHdr);
        I16(40, (short)dims.Length);
        for (var i = 0; i < dims.Length; i++) I16(42 + 2 * i, (short)dims[i]);
        I16(70, datatype);
        I16(72, (short)(size * 8));
        F32(108, 352);
        F32(112, slope);
        F32(116, intercept);
        "n+1\0"u8.CopyTo(bytes.AsSpan(344));
        for (var i = 0; i < values.Length; i++)
        {
            var at = bytes.AsSpan(352 + i * size);
            var v = values[i];
            switch (datatype)
            {
                case 2: at[0] = (byte)v; break;
                case 4: I16(352 + i * size, (short)v); break;
                case 512: I16(352 + i * size, unchecked((short)(ushort)v)); break;
                case 8: I32(352 + i * size, (int)v); break;
                case 16: F32(352 + i * size, (float)v); break;
                default:
                    if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(at, v);
                    else BinaryPrimitives.WriteDoubleLittleEndian(at, v);
                    break;
            }
        }
        return bytes;
    }

    /// <summary>A single-frame explicit-VR little-endian DICOM file with 16-bit pixels.</summary>
    public string Dicom(string relative, int width, int height, ushort[] pixels, string photometric = "MONOCHROME2",
        string syntax = TransferSyntax.ExplicitVrLittleEndianUid, double slope = 1, double intercept = 0)
    {
        var meta = new DicomDataset();
        meta.SetAscii(DicomTag.TransferSyntaxUid, "UI", syntax);
        var data = new DicomDataset();
        void Us(ushort element, int v) => data.Set(new DicomElement(new DicomTag(0x0028, element), "US",
            BitConverter.GetBytes((ushort)v)));
        Us(0x0002, 1);
        data.SetAscii(new DicomTag(0x0028, 0x0004), "CS", photometric);
        Us(0x0010, height);
        Us(0x0011, width);
        Us(0x0100, 16);
        Us(0x0101, 16);
        Us(0x0102, 15);
        Us(0x0103, 0);
        data.SetAscii(new DicomTag(0x0028, 0x1052), "DS", Invariant(intercept));
        data.SetAscii(new DicomTag(0x0028, 0x1053), "DS", Invariant(slope));
        var bytes = new byte[pixels.Length * 2];
        for (var i = 0; i < pixels.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), pixels[i]);
        data.Set(new DicomElement(DicomTag.PixelData, "OW", bytes));
        var path = PathOf(relative);
        DicomWriter.Write(new DicomFile(meta, data, TransferSyntax.Resolve(syntax, path, 0)), path);
        return path;
    }

    private static string Invariant(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
