#:package SixLabors.ImageSharp
// Copies an image folder (site/patient/slice.png with slice_mask.png) with every PNG resized to SIDE x SIDE: images
// with a box filter, masks with nearest neighbour so they stay 0/1. For carrying a small copy of the LGG slices to a
// machine that takes a limited upload (see pack.sh); Arcanum itself resizes on load and needs none of this.
//   dotnet run bench/gpu/resize.cs -- SOURCE TARGET SIDE [PATIENTS_PER_SITE]
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

if (args.Length < 3 || !int.TryParse(args[2], out var side) || side < 8)
{
    Console.Error.WriteLine("usage: dotnet run bench/gpu/resize.cs -- SOURCE TARGET SIDE [PATIENTS_PER_SITE]");
    return 2;
}
var (source, target) = (args[0], args[1]);
var perSite = args.Length > 3 ? int.Parse(args[3]) : int.MaxValue;
var files = 0;
foreach (var site in Directory.EnumerateDirectories(source).Order())
{
    foreach (var patient in Directory.EnumerateDirectories(site).Order().Take(perSite))
    {
        foreach (var file in Directory.EnumerateFiles(patient, "*.png"))
        {
            var output = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            using var image = Image.Load(file);
            var sampler = file.EndsWith("_mask.png", StringComparison.Ordinal) ? KnownResamplers.NearestNeighbor : KnownResamplers.Box;
            image.Mutate(x => x.Resize(side, side, sampler));
            image.SaveAsPng(output);
            files++;
        }
    }
}
Console.WriteLine($"{files} PNG files at {side}x{side} in {target}");
return 0;
