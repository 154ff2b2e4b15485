namespace Arcanum.Core.Metrics;

/// <summary>
/// One site's predicted scores, reduced to counts on a fixed grid so that sites can add them up
/// (plainly or by secure summation) and the pooled AUROC and AUPRC can be computed without pooling a
/// single score. <see cref="Counts"/> is a plain array: for each ranked class, <see cref="Bins"/>
/// counts of positives then <see cref="Bins"/> counts of negatives. Ranked classes follow
/// <see cref="ClassificationMetrics"/>: class 1 alone for two classes, every class one-vs-rest otherwise.
/// </summary>
/// <remarks>
/// Why 2^14 bins by default: the AUROC error is at most half the share of positive–negative pairs that
/// share a bin, about 1/(2·bins)·∫f₊f₋ for smooth score densities, i.e. ~1e-4 or less; 2^14 bins cost
/// 256 KiB of counts per class per site, which a secure sum still carries cheaply (2^16 would be 1 MiB).
/// Bin b holds b/bins ≤ s &lt; (b+1)/bins; a score of exactly 1 joins the last bin. Equal scores always
/// share a bin, so ties are never split.
/// </remarks>
public sealed class ScoreHistograms
{
    public const int DefaultBins = 1 << 14;

    private ScoreHistograms(int classCount, int bins, long[] counts)
    {
        ClassCount = classCount;
        Bins = bins;
        Counts = counts;
    }

    public int ClassCount { get; }

    public int Bins { get; }

    /// <summary>The counts, laid out as the class summary says; length RankedClasses·2·Bins.</summary>
    public long[] Counts { get; }

    /// <summary>Classes with their own histograms: 1 for a binary problem, ClassCount otherwise.</summary>
    public int RankedClasses => RankedClassCount(ClassCount);

    /// <summary>Length of <see cref="Counts"/> for a problem shape, so a receiver can size a secure sum.</summary>
    public static int Length(int classCount, int bins = DefaultBins)
    {
        Check(classCount, bins);
        return checked(RankedClassCount(classCount) * 2 * bins);
    }

    /// <summary>Histograms of one site's scores.</summary>
    /// <param name="labels">True class of each sample, in [0, classCount).</param>
    /// <param name="probabilities">Row-major [labels.Count × classCount] probabilities in [0, 1].</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    /// <param name="bins">Equal-width bins over [0, 1]; every site must use the same number.</param>
    public static ScoreHistograms Build(
        IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, int classCount, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new long[Length(classCount, bins)];
        if ((long)labels.Count * classCount != probabilities.Length)
            throw new ArgumentException(
                $"Expected {labels.Count} × {classCount} probabilities (one row per label), " +
                $"got {probabilities.Length}.",
                nameof(probabilities));
        var ranked = RankedClassCount(classCount);
        for (var i = 0; i < labels.Count; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(
                    $"Label {labels[i]} at position {i} is outside the {classCount} classes.", nameof(labels));
            for (var r = 0; r < ranked; r++)
            {
                var k = ranked == 1 ? 1 : r;
                var p = probabilities[i * classCount + k];
                if (!(p >= 0f && p <= 1f))
                    throw new ArgumentException(
                        $"Probability {p} for sample {i}, class {k} is not in [0, 1].", nameof(probabilities));
                var side = labels[i] == k ? 0 : 1;
                counts[(2 * r + side) * bins + Bin(p, bins)]++;
            }
        }
        return new ScoreHistograms(classCount, bins, counts);
    }

    /// <summary>Wraps counts that arrived from elsewhere (e.g. a secure sum), checking their shape.</summary>
    public static ScoreHistograms FromCounts(long[] counts, int classCount, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var length = Length(classCount, bins);
        if (counts.Length != length)
            throw new ArgumentException(
                $"Histograms for {classCount} classes on {bins} bins hold {length} counts, got {counts.Length}.",
                nameof(counts));
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException($"A count cannot be negative; got {c}.", nameof(counts));
        }
        return new ScoreHistograms(classCount, bins, counts);
    }

    /// <summary>The element-wise sum of several sites' histograms (all of the same shape).</summary>
    public static ScoreHistograms Sum(IEnumerable<ScoreHistograms> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ScoreHistograms? total = null;
        foreach (var site in sites)
        {
            if (total is null)
            {
                total = new ScoreHistograms(site.ClassCount, site.Bins, (long[])site.Counts.Clone());
                continue;
            }
            if (site.ClassCount != total.ClassCount || site.Bins != total.Bins)
                throw new ArgumentException(
                    $"Cannot add histograms of {site.ClassCount} classes × {site.Bins} bins " +
                    $"to {total.ClassCount} × {total.Bins}.",
                    nameof(sites));
            for (var i = 0; i < total.Counts.Length; i++) total.Counts[i] = checked(total.Counts[i] + site.Counts[i]);
        }
        return total ?? throw new ArgumentException("There are no histograms to add.", nameof(sites));
    }

    /// <summary>Positive counts of ranked class <paramref name="r"/> (0-based among the ranked classes).</summary>
    public ReadOnlySpan<long> Positives(int r) => Counts.AsSpan(2 * r * Bins, Bins);

    /// <summary>Negative counts of ranked class <paramref name="r"/>.</summary>
    public ReadOnlySpan<long> Negatives(int r) => Counts.AsSpan((2 * r + 1) * Bins, Bins);

    /// <summary>The bin of a score in [0, 1].</summary>
    public static int Bin(float score, int bins) => Math.Min((int)(score * (double)bins), bins - 1);

    private static int RankedClassCount(int classCount) => classCount == 2 ? 1 : classCount;

    private static void Check(int classCount, int bins)
    {
        if (classCount < 2)
            throw new ArgumentOutOfRangeException(
                nameof(classCount), classCount, "Classification needs at least two classes.");
        if (bins < 1 || bins > 1 << 24)
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Score histograms need between 1 and 2^24 bins.");
    }
}
