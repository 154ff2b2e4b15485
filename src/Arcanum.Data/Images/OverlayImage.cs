using Arcanum.Core.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Data.Images;

/// <summary>
/// A slice with its true and predicted mask outlines, as a PNG data URI for a self-contained
/// report: the image in grey (stretched to its own range), the true mask's boundary in green, the
/// predicted one's (probability ≥ 0.5) in red, yellow where they coincide.
/// </summary>
public static class OverlayImage
{
    public static string DataUri(ReadOnlySpan<float> image, ReadOnlySpan<byte> truth, ReadOnlySpan<float> predicted, int size)
    {
        var area = size * size;
        if (image.Length < area || truth.Length != area || predicted.Length != area)
            throw new ArgumentException($"An overlay needs {size}x{size} values of image, truth and prediction.");
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        for (var i = 0; i < area; i++)
        {
            min = Math.Min(min, image[i]);
            max = Math.Max(max, image[i]);
        }
        var span = max > min ? max - min : 1;
        var truthEdge = SurfaceDistances.Boundary(truth.ToArray().Select(v => v != 0).ToArray(), size, size);
        var predictedEdge = SurfaceDistances.Boundary(predicted.ToArray().Select(v => v >= SegmentationMetrics.Threshold).ToArray(), size, size);
        using var png = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                var grey = (byte)Math.Clamp((image[i] - min) / span * 255, 0, 255);
                png[x, y] = (truthEdge[i], predictedEdge[i]) switch
                {
                    (true, true) => new Rgb24(255, 220, 0),
                    (true, false) => new Rgb24(0, 220, 0),
                    (false, true) => new Rgb24(255, 40, 40),
                    _ => new Rgb24(grey, grey, grey),
                };
            }
        }
        using var stream = new MemoryStream();
        png.Save(stream, new PngEncoder());
        return "data:image/png;base64," + Convert.ToBase64String(stream.ToArray());
    }
}
