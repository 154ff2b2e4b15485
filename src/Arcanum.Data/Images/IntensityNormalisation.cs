using Arcanum.Core.Learning;

namespace Arcanum.Data.Images;

/// <summary>
/// Per-channel z-scoring of image intensities, (x - Mean) / Std. Fit it on training images only (or on merged
/// <see cref="ChannelSums"/> of the training sites), then apply the same values to validation and test images, so
/// that nothing about held-out data leaks into training. Serialisable with System.Text.Json.
/// </summary>
/// <param name="Mean">Mean pixel value per channel.</param>
/// <param name="Std">Population standard deviation per channel, at least <see cref="MinStd"/>.</param>
public sealed record IntensityNormalisation(double[] Mean, double[] Std)
{
    /// <summary>A constant channel would divide by zero; its spread is taken as this instead.</summary>
    public const double MinStd = 1e-6;

    public static IntensityNormalisation Fit(TensorDataset train) => FromSums(ChannelSums.Of(train));

    public static IntensityNormalisation FromSums(ChannelSums sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        if (sums.Count <= 0) throw new ArgumentException("Cannot fit a normalisation on no pixels.", nameof(sums));
        var mean = sums.Sum.Select(s => s / sums.Count).ToArray();
        var std = sums.SumOfSquares.Select((q, c) => Math.Max(MinStd, Math.Sqrt(Math.Max(0, q / sums.Count
            - mean[c] * mean[c])))).ToArray();
        return new IntensityNormalisation(mean, std);
    }

    /// <summary>A new dataset with normalised pixels and the same labels, masks and groups.</summary>
    public TensorDataset Apply(TensorDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var channels = ChannelSums.ChannelsOf(images);
        if (channels != Mean.Length || channels != Std.Length)
            throw new ArgumentException($"This normalisation is for {Mean.Length} channel(s); the images have "
                + $"{channels}.", nameof(images));
        var plane = images.SampleSize / channels;
        var features = new float[images.Features.Length];
        for (var i = 0; i < images.Count; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var (m, s) = ((float)Mean[c], (float)(1 / Std[c]));
                var offset = (i * channels + c) * plane;
                var from = images.Features.AsSpan(offset, plane);
                var to = features.AsSpan(offset, plane);
                for (var p = 0; p < plane; p++) to[p] = (from[p] - m) * s;
            }
        }
        return new TensorDataset(features, images.Labels, images.SampleShape, images.ClassCount, images.Masks,
            images.Groups);
    }

    public override string ToString() =>
        $"IntensityNormalisation(mean [{string.Join(", ", Mean.Select(v => v.ToString("G4")))}], "
        + $"std [{string.Join(", ", Std.Select(v => v.ToString("G4")))}])";
}
