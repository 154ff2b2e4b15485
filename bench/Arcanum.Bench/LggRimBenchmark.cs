using Arcanum.Data.Images;

namespace Arcanum.Bench;

/// <summary>
/// Where real tumours lie in the head's silhouette (<see cref="BrainOutline.FromImage"/>) on the LGG FLAIR slices:
/// per rim width w, the share of the outline within w pixels of its edge (or the image's) and the share of tumour
/// pixels there. The edits of synthetic MRIs keep tumours out of the rim of <see cref="BrainOutline.RimWidth"/>
/// pixels; this is the measurement that width rests on, side by side with the rims one pixel narrower and wider.
/// </summary>
internal static class LggRimBenchmark
{
    public static int Run(string[] args)
    {
        var data = Args.String(args, "--data", Path.Combine("..", "shared", "data", "lgg_mri"));
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"LGG data not found at '{data}'; pass --data path/to/lgg_mri (see ../shared/data/README.md).");
            return 2;
        }
        var size = Args.Int(args, "--size", 64);
        var images = ImageFolder.Load(ImageFolder.Scan(data), size);
        var area = size * size;
        const int widest = 8;
        var (outlinePixels, tumourPixels) = (0L, 0L);
        var (rimOutline, rimTumour) = (new long[widest + 1], new long[widest + 1]);
        for (var i = 0; i < images.Count; i++)
        {
            var outline = BrainOutline.FromImage(images.Pixels.AsSpan(i * area, area), size);
            var mask = images.Masks!.AsSpan(i * area, area);
            var depth = BrainOutline.Depth(outline, size);
            for (var k = 0; k < area; k++)
            {
                if (outline[k] != 0) outlinePixels++;
                if (mask[k] != 0) tumourPixels++;
                for (var w = 1; w <= widest; w++)
                {
                    if (depth[k] > w) continue;
                    if (outline[k] != 0) rimOutline[w]++;
                    if (mask[k] != 0) rimTumour[w]++;
                }
            }
        }
        Console.WriteLine($"# LGG FLAIR: {images.Count} slices at {size}x{size}; {outlinePixels:N0} outline pixels, {tumourPixels:N0} tumour pixels");
        Console.WriteLine($"# {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine("| rim width (px) | share of the outline | share of all tumour pixels | |");
        Console.WriteLine("|---:|---:|---:|---|");
        for (var w = 1; w <= widest; w++)
            Console.WriteLine($"| {w} | {100.0 * rimOutline[w] / outlinePixels:F1}% | {100.0 * rimTumour[w] / tumourPixels:F2}% | {(w == BrainOutline.RimWidth(size) ? "BrainOutline.RimWidth" : "")} |");
        return 0;
    }
}
