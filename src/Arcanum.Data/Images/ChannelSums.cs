using Arcanum.Core.Learning;

namespace Arcanum.Data.Images;

/// <summary>
/// Per-channel pixel count, sum and sum of squares of a set of images: what a site shares so that a federation can
/// fit an <see cref="IntensityNormalisation"/> without pooling pixels. Sums from several sites add up exactly.
/// </summary>
/// <param name="Count">Pixels per channel.</param>
/// <param name="Sum">Sum of the pixel values, per channel.</param>
/// <param name="SumOfSquares">Sum of the squared pixel values, per channel.</param>
public sealed record ChannelSums(long Count, double[] Sum, double[] SumOfSquares)
{
    /// <summary>The sums of <paramref name="images"/>, samples shaped [channels, height, width].</summary>
    public static ChannelSums Of(TensorDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var channels = ChannelsOf(images);
        var plane = images.SampleSize / channels;
        var (sum, squares) = (new double[channels], new double[channels]);
        for (var i = 0; i < images.Count; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var values = images.Features.AsSpan((i * channels + c) * plane, plane);
                double s = 0, q = 0;
                foreach (var v in values)
                {
                    s += v;
                    q += (double)v * v;
                }
                sum[c] += s;
                squares[c] += q;
            }
        }
        return new ChannelSums((long)images.Count * plane, sum, squares);
    }

    /// <summary>Adds up the sums of several sites (all with the same channel count).</summary>
    public static ChannelSums Merge(IEnumerable<ChannelSums> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0) throw new ArgumentException("There are no sums to merge.", nameof(parts));
        var channels = list[0].Sum.Length;
        if (list.Any(p => p.Sum.Length != channels || p.SumOfSquares.Length != channels))
            throw new ArgumentException("The sums differ in channel count; every site must load images the same way.",
                nameof(parts));
        var (sum, squares) = (new double[channels], new double[channels]);
        foreach (var p in list)
        {
            for (var c = 0; c < channels; c++)
            {
                sum[c] += p.Sum[c];
                squares[c] += p.SumOfSquares[c];
            }
        }
        return new ChannelSums(list.Sum(p => p.Count), sum, squares);
    }

    internal static int ChannelsOf(TensorDataset images) =>
        images.SampleShape is [var c, > 0, > 0] && c > 0 ? c
        : throw new ArgumentException($"Images need samples shaped [channels, height, width]; these are "
            + $"[{string.Join(", ", images.SampleShape)}].", nameof(images));
}
