using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Data.Images;

/// <summary>
/// PNG and TIFF through ImageSharp, with only those two decoders enabled (a renamed JPEG or GIF is refused, not
/// decoded). Sizes are read with Identify, from the header, before any pixel is decoded. Pixels are read as 16-bit
/// so that 8-bit values v become v/255 and 16-bit values v/65535 in [0, 1]; alpha is dropped.
/// </summary>
internal static class RasterDecoder
{
    private static readonly Configuration Formats = new(new PngConfigurationModule(), new TiffConfigurationModule())
    {
        MaxDegreeOfParallelism = 1, // files are decoded in parallel already
    };

    /// <summary>Width, height and channels (1 grey, 3 colour) from the header alone.</summary>
    public static (int Width, int Height, int Channels) Probe(string path, int maxSide)
    {
        var info = Guard(path, () => Image.Identify(Formats, path, out _))
            ?? throw new ImageDataException(path, $"Image '{path}' is not a PNG or TIFF file ImageSharp can read; "
                + "replace it or remove it from the folder.");
        if (info.Width > maxSide || info.Height > maxSide)
            throw new ImageDataException(path, $"Image '{path}' claims {info.Width}x{info.Height} pixels, larger "
                + $"than {maxSide} on a side; it is refused unread (a corrupt or hostile file?). Shrink it first.");
        return (info.Width, info.Height, IsGrey(info) ? 1 : 3);
    }

    /// <summary>Channel planes, row-major, in [0, 1], written to the front of <paramref name="buffer"/> (grown
    /// when too small; the loader reuses one per thread, as per-image arrays this size churn the large-object heap).
    /// </summary>
    public static void ReadPixels(string path, int channels, ref float[] buffer)
    {
        if (channels == 1)
        {
            using var grey = Guard(path, () => Image.Load<L16>(Formats, path));
            var plane = Fit(ref buffer, grey.Width * grey.Height);
            var w = grey.Width;
            grey.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++) plane[y * w + x] = row[x].PackedValue / 65535f;
                }
            });
            return;
        }
        using var colour = Guard(path, () => Image.Load<Rgb48>(Formats, path));
        var n = colour.Width * colour.Height;
        var planes = Fit(ref buffer, 3 * n);
        var cw = colour.Width;
        colour.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    planes[y * cw + x] = row[x].R / 65535f;
                    planes[n + y * cw + x] = row[x].G / 65535f;
                    planes[2 * n + y * cw + x] = row[x].B / 65535f;
                }
            }
        });
    }

    /// <summary>1 where the mask's grey value is not 0, written to the front of <paramref name="buffer"/>.</summary>
    public static void ReadMask(string path, ref byte[] buffer)
    {
        using var mask = Guard(path, () => Image.Load<L16>(Formats, path));
        var plane = Fit(ref buffer, mask.Width * mask.Height);
        var w = mask.Width;
        mask.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++) plane[y * w + x] = row[x].PackedValue == 0 ? (byte)0 : (byte)1;
            }
        });
    }

    private static T[] Fit<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
        return buffer;
    }

    private static bool IsGrey(IImageInfo info)
    {
        var png = info.Metadata.GetPngMetadata();
        if (png.ColorType is { } type) return type is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha;
        // TIFF: grey is 8 or 16 bits per pixel (BlackIsZero/WhiteIsZero); colour is 24 and up.
        return info.PixelType.BitsPerPixel <= 16;
    }

    private static T Guard<T>(string path, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException
                                      or IOException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ImageDataException(path, $"Image '{path}' cannot be decoded ({e.Message}); the file is "
                + "corrupt or not a PNG/TIFF. Replace it or remove it from the folder.", e);
        }
    }
}
