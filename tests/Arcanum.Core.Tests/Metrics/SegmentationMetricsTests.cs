using Arcanum.Core.Metrics;

namespace Arcanum.Core.Tests.Metrics;

public sealed class SegmentationMetricsTests
{
    private const int Size = 16;

    /// <summary>A Size×Size mask with a filled square [top, top+side) × [left, left+side).</summary>
    private static byte[] Square(int top, int left, int side)
    {
        var m = new byte[Size * Size];
        for (var y = top; y < top + side; y++)
            for (var x = left; x < left + side; x++) m[y * Size + x] = 1;
        return m;
    }

    private static float[] AsProbabilities(byte[] mask) => [.. mask.Select(v => v == 1 ? 0.9f : 0.1f)];

    [Fact]
    public void Compute_PerfectPrediction_DiceOneAndHausdorffZero()
    {
        // Given a prediction equal to the truth
        var truth = Square(4, 4, 6);

        // When
        var m = SegmentationMetrics.Compute(truth, AsProbabilities(truth), null, Size, Size);

        // Then
        Assert.Equal(1.0, m.Dice, 9);
        Assert.Equal(0.0, m.Hd95, 9);
        Assert.Equal(1, m.Count);
    }

    [Fact]
    public void Compute_SquareShiftedThreePixels_DiceAndHausdorffAsByHand()
    {
        // Given a 6x6 square and the same square 3 pixels to the right
        var truth = Square(4, 2, 6);
        var predicted = Square(4, 5, 6);

        // When
        var m = SegmentationMetrics.Compute(truth, AsProbabilities(predicted), null, Size, Size);

        // Then overlap 6x3 = 18 of 36 + 36 → Dice 0.5; the far edges are 3 pixels from the other boundary
        Assert.Equal(0.5, m.Dice, 9);
        Assert.Equal(3.0, m.Hd95, 9);
    }

    [Fact]
    public void Compute_TwoPatients_DiceIsPerPatientMeanNotPixelPooled()
    {
        // Given patient a (two slices, perfect) and patient b (one slice, missed entirely)
        var big = Square(0, 0, 10);
        var small = Square(0, 0, 2);
        byte[] masks = [.. big, .. big, .. small];
        float[] p = [.. AsProbabilities(big), .. AsProbabilities(big), .. new float[Size * Size]];

        // When
        var m = SegmentationMetrics.Compute(masks, p, ["a", "a", "b"], Size, Size);

        // Then a scores 1 and b 0: the mean is 0.5, while pooled pixels are dominated by a's big tumour
        Assert.Equal(2, m.Count);
        Assert.Equal(3, m.Slices);
        Assert.Equal(0.5, m.Dice, 9);
        Assert.Equal(2.0 * 200 / (200 + 204), m.PixelDice, 9);
        Assert.Equal([1.0, 0.0], m.PatientDice);
        // b has no slice where both have foreground: its distance is undefined and left out
        Assert.Equal(0.0, m.Hd95, 9);
    }

    [Fact]
    public void Compute_NothingToFindAndNothingFound_ScoresOne()
    {
        var empty = new byte[Size * Size];
        var m = SegmentationMetrics.Compute(empty, new float[Size * Size], ["p"], Size, Size);
        Assert.Equal(1.0, m.Dice);
        Assert.True(double.IsNaN(m.Hd95));
    }

    [Fact]
    public void Compute_MismatchedLengths_NamesWhatWasExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => SegmentationMetrics.Compute(new byte[Size * Size], new float[10], null, Size, Size));
        Assert.Contains("16x16", e.Message);
    }

    [Fact]
    public void Get_UnknownMetric_ListsValidOnes()
    {
        var m = SegmentationMetrics.Compute(Square(1, 1, 3), AsProbabilities(Square(1, 1, 3)), null, Size, Size);
        var e = Assert.Throws<ArgumentException>(() => m.Get("auroc"));
        Assert.Contains("dice, hd95, pixel_dice", e.Message);
        Assert.Equal(m.Dice, m.ToDictionary()["dice"]);
    }

    [Fact]
    public void DistanceTransform_RandomMasks_MatchesBruteForce()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            // Given a random sparse set of marked pixels on a non-square grid
            const int h = 9, w = 13;
            var marked = new bool[h * w];
            for (var i = 0; i < marked.Length; i++) marked[i] = random.NextDouble() < 0.05;
            marked[random.Next(marked.Length)] = true;

            // When
            var d = DistanceTransform.Squared(marked, h, w);

            // Then every pixel's squared distance is the brute-force minimum
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var best = double.MaxValue;
                    for (var i = 0; i < marked.Length; i++)
                    {
                        if (!marked[i]) continue;
                        double dy = i / w - y, dx = i % w - x;
                        best = Math.Min(best, dy * dy + dx * dx);
                    }
                    Assert.Equal(best, d[y * w + x], 6);
                }
            }
        }
    }

    [Fact]
    public void Pool_OfSitesFigures_EqualsComputeOnThePooledMasks()
    {
        // Given two sites' patients: shifted, shrunk, missed and empty predictions, several slices per patient
        var random = new Random(5);
        var sites = Enumerable.Range(0, 2).Select(site =>
        {
            var (masks, predictions, groups) = (new List<byte>(), new List<float>(), new List<string>());
            for (var slice = 0; slice < 7; slice++)
            {
                var truth = slice % 4 == 3 ? new byte[Size * Size] : Square(random.Next(0, 6), random.Next(0, 6), random.Next(3, 9));
                var guess = slice % 5 == 4 ? new byte[Size * Size] : Square(random.Next(0, 6), random.Next(0, 6), random.Next(2, 9));
                masks.AddRange(truth);
                predictions.AddRange(AsProbabilities(guess));
                groups.Add($"s{site}/p{slice % 3}");
            }
            return (Masks: masks.ToArray(), Predictions: predictions.ToArray(), Groups: groups);
        }).ToList();

        // When each site scores its own and the figures are pooled, and when the masks are pooled and scored
        var pooled = SegmentationMetrics.Pool([.. sites.Select(s => SegmentationMetrics.Compute(s.Masks, s.Predictions, s.Groups, Size, Size))]);
        var direct = SegmentationMetrics.Compute([.. sites.SelectMany(s => s.Masks)], [.. sites.SelectMany(s => s.Predictions)],
            [.. sites.SelectMany(s => s.Groups)], Size, Size);

        // Then they agree, without a per-patient figure leaving a site
        Assert.Equal(direct.Count, pooled.Count);
        Assert.Equal(direct.Slices, pooled.Slices);
        Assert.Equal(direct.Dice, pooled.Dice, 12);
        Assert.Equal(direct.Hd95, pooled.Hd95, 12);
        Assert.Equal(direct.PixelDice, pooled.PixelDice, 12);
        Assert.Equal(direct.Hd95Patients, pooled.Hd95Patients);
        Assert.Empty(pooled.PatientDice);
        Assert.InRange(direct.Dice, 0.05, 0.95);   // neither trivially perfect nor empty
    }
}
