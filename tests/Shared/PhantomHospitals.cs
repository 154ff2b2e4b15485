using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Tests.Shared;

/// <summary>Image folders for segmentation tests, written in code (no patient data in the repository).</summary>
public static class PhantomHospitals
{
    public const int Size = 16;

    /// <summary>
    /// Per hospital, <c>root/hospital/hospital-pN/</c>: four patients of six 16x16 slices, a bright square (the "tumour")
    /// on noise in two slices of three, its mask beside it; every hospital brightens its images differently.
    /// </summary>
    public static void Write(string root, int seed, params string[] hospitals) => Write(root, seed, colour: false, hospitals);

    /// <summary>As <see cref="Write(string, int, string[])"/>; with <paramref name="colour"/> the images are RGB (3 channels).</summary>
    public static void Write(string root, int seed, bool colour, params string[] hospitals)
    {
        var random = new Random(seed);
        var encoder = new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
        foreach (var (hospital, h) in hospitals.Select((x, i) => (x, i)))
        {
            for (var p = 0; p < 4; p++)
            {
                var folder = Path.Combine(root, hospital, $"{hospital}-p{p}");
                Directory.CreateDirectory(folder);
                for (var s = 0; s < 6; s++)
                {
                    var tumour = s % 3 != 0;
                    var (top, left, side) = (random.Next(1, 8), random.Next(1, 8), random.Next(4, 7));
                    using var image = new Image<L8>(Size, Size);
                    using var mask = new Image<L8>(Size, Size);
                    for (var y = 0; y < Size; y++)
                    {
                        for (var x = 0; x < Size; x++)
                        {
                            var inside = tumour && y >= top && y < top + side && x >= left && x < left + side;
                            image[x, y] = new L8((byte)Math.Clamp(random.Next(20, 70) + 10 * h + (inside ? 140 : 0), 0, 255));
                            mask[x, y] = new L8(inside ? (byte)255 : (byte)0);
                        }
                    }
                    if (colour)
                    {
                        using var rgb = image.CloneAs<Rgb24>();
                        rgb.Save(Path.Combine(folder, $"{s:000}_flair.png"), new PngEncoder { ColorType = PngColorType.Rgb });
                    }
                    else
                    {
                        image.Save(Path.Combine(folder, $"{s:000}_flair.png"), encoder);
                    }
                    mask.Save(Path.Combine(folder, $"{s:000}_mask.png"), encoder);
                }
            }
        }
    }
}
