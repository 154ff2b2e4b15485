namespace Arcanum.Core.Metrics;

/// <summary>
/// How well predicted masks match true masks, per patient (a patient's slices form one volume, as
/// in Buda et al. 2019, whose mean Dice per patient is the figure we compare against).
/// </summary>
/// <param name="Dice">
/// Mean over patients of the volume Dice 2|P∩T| / (|P| + |T|), with pixels thresholded at 0.5.
/// A patient with no foreground in truth or prediction scores 1 (nothing to find, nothing found).
/// </param>
/// <param name="Hd95">
/// Mean over patients of the 95th-percentile Hausdorff distance, in pixels at the model's
/// resolution: over the slices where both truth and prediction have foreground, the distances from
/// each boundary pixel of one to the nearest boundary pixel of the other, 95th percentile of each
/// direction, the larger of the two (MONAI's definition). Patients with no such slice are left out;
/// NaN when no patient has one. Lower is better.
/// </param>
/// <param name="PixelDice">Dice of every pixel pooled over all patients (large tumours weigh more).</param>
/// <param name="Count">Patients scored.</param>
/// <param name="Slices">Slices scored.</param>
/// <param name="PatientDice">Each patient's Dice, in order of first appearance (for bootstrap intervals).</param>
public sealed record SegmentationMetrics(double Dice, double Hd95, double PixelDice, int Count, int Slices, IReadOnlyList<double> PatientDice)
    : ModelMetrics(Count)
{
    /// <summary>Metric names as used in reports and <see cref="Get"/>, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dice", "hd95", "pixel_dice"];

    /// <summary>Probabilities at or above this are foreground.</summary>
    public const float Threshold = 0.5f;

    /// <summary>Scores per-pixel foreground probabilities against binary masks.</summary>
    /// <param name="masks">True masks, row-major [images × height × width], 0 or 1.</param>
    /// <param name="probabilities">Predicted foreground probabilities, same layout.</param>
    /// <param name="groups">The patient of each image, or null to score every image as its own patient.</param>
    /// <param name="height">Mask height in pixels.</param>
    /// <param name="width">Mask width in pixels.</param>
    public static SegmentationMetrics Compute(ReadOnlySpan<byte> masks, ReadOnlySpan<float> probabilities, IReadOnlyList<string>? groups, int height, int width)
    {
        if (height <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(height), "Masks need a positive height and width.");
        var size = height * width;
        if (masks.Length % size != 0 || probabilities.Length != masks.Length)
            throw new ArgumentException($"Expected masks and probabilities of the same length, a multiple of {height}x{width}; got {masks.Length} and {probabilities.Length}.");
        var images = masks.Length / size;
        if (groups is not null && groups.Count != images)
            throw new ArgumentException($"{images} images need {images} patient names; got {groups.Count}.", nameof(groups));
        if (images == 0) return new(double.NaN, double.NaN, double.NaN, 0, 0, []);

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var patients = new List<PatientTally>();
        long allIntersection = 0, allSum = 0;
        var predicted = new bool[size];
        var truth = new bool[size];
        for (var i = 0; i < images; i++)
        {
            var key = groups?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!index.TryGetValue(key, out var p))
            {
                p = patients.Count;
                index[key] = p;
                patients.Add(new PatientTally());
            }
            var tally = patients[p];
            int inter = 0, pSum = 0, tSum = 0;
            for (var j = 0; j < size; j++)
            {
                var t = masks[i * size + j] != 0;
                var q = probabilities[i * size + j] >= Threshold;
                truth[j] = t;
                predicted[j] = q;
                if (t) tSum++;
                if (q) pSum++;
                if (t && q) inter++;
            }
            tally.Intersection += inter;
            tally.Sum += pSum + tSum;
            allIntersection += inter;
            allSum += pSum + tSum;
            if (pSum > 0 && tSum > 0) SurfaceDistances.Both(predicted, truth, height, width, tally.PredictedToTrue, tally.TrueToPredicted);
        }

        var dice = patients.Select(t => t.Sum == 0 ? 1.0 : 2.0 * t.Intersection / t.Sum).ToArray();
        var hd = patients.Where(t => t.PredictedToTrue.Count > 0)
            .Select(t => Math.Max(Percentile95(t.PredictedToTrue), Percentile95(t.TrueToPredicted))).ToList();
        return new SegmentationMetrics(
            dice.Average(),
            hd.Count == 0 ? double.NaN : hd.Average(),
            allSum == 0 ? 1.0 : 2.0 * allIntersection / allSum,
            patients.Count, images, dice)
        {
            Hd95Patients = hd.Count, Overlap = 2 * allIntersection, Pixels = allSum,
        };
    }

    /// <summary>Patients <see cref="Hd95"/> is the mean over (those with foreground in truth and prediction on some slice).</summary>
    public int Hd95Patients { get; init; }

    /// <summary>2|P∩T| over every pixel scored: <see cref="PixelDice"/> is <see cref="Overlap"/> / <see cref="Pixels"/>.</summary>
    public long Overlap { get; init; }

    /// <summary>|P| + |T| over every pixel scored.</summary>
    public long Pixels { get; init; }

    /// <summary>
    /// The metrics of several parts' patients taken together, from each part's figures alone: means over patients
    /// weighted by patients, and the pixel Dice from the summed overlaps. Exactly what <see cref="Compute"/> gives on the
    /// pooled masks (patients kept apart by part), so sites' evaluations pool without a mask or a per-patient value
    /// leaving a site; <see cref="PatientDice"/> is therefore empty.
    /// </summary>
    public static SegmentationMetrics Pool(IReadOnlyCollection<SegmentationMetrics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var patients = parts.Sum(p => p.Count);
        var hdPatients = parts.Sum(p => p.Hd95Patients);
        var (overlap, pixels) = (parts.Sum(p => p.Overlap), parts.Sum(p => p.Pixels));
        return new SegmentationMetrics(
            patients == 0 ? double.NaN : parts.Where(p => p.Count > 0).Sum(p => p.Dice * p.Count) / patients,
            hdPatients == 0 ? double.NaN : parts.Where(p => p.Hd95Patients > 0).Sum(p => p.Hd95 * p.Hd95Patients) / hdPatients,
            patients == 0 ? double.NaN : pixels == 0 ? 1.0 : (double)overlap / pixels,
            patients, parts.Sum(p => p.Slices), [])
        {
            Hd95Patients = hdPatients, Overlap = overlap, Pixels = pixels,
        };
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in Names) d.Add(name, Get(name));
        return d;
    }

    /// <inheritdoc />
    public override double Get(string metricName) => metricName?.Trim().ToLowerInvariant() switch
    {
        "dice" => Dice,
        "hd95" => Hd95,
        "pixel_dice" => PixelDice,
        _ => throw new ArgumentException($"Unknown segmentation metric '{metricName}'. Valid metrics: {string.Join(", ", Names)}.", nameof(metricName)),
    };

    /// <summary>The 95th percentile by linear interpolation between order statistics (numpy's default).</summary>
    internal static double Percentile95(List<double> values)
    {
        values.Sort();
        var position = 0.95 * (values.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, values.Count - 1);
        return values[lower] + (position - lower) * (values[upper] - values[lower]);
    }

    private sealed class PatientTally
    {
        public long Intersection;
        public long Sum;
        public List<double> PredictedToTrue { get; } = [];
        public List<double> TrueToPredicted { get; } = [];
    }
}
