namespace Arcanum.Risk.Tests;

public sealed class OrderedDistanceTests
{
    [Fact]
    public void Of_RandomClasses_EqualsTheDefinitionSummedValueByValue()
    {
        // Given: 40 values with uneven shares and classes drawn from them (seeded)
        var random = new Random(7);
        var overall = Enumerable.Range(0, 40).Select(_ => random.NextDouble() + 0.01).ToArray();
        var total = overall.Sum();
        for (var i = 0; i < overall.Length; i++) overall[i] /= total;
        var distance = new OrderedDistance(overall);

        for (var trial = 0; trial < 200; trial++)
        {
            var counts = new int[overall.Length];
            var size = random.Next(1, 30);
            for (var r = 0; r < size; r++) counts[random.Next(trial % 2 == 0 ? overall.Length : 3)]++;
            var run = counts.Select((c, v) => (v, c)).Where(x => x.c > 0).ToArray();

            // When / Then
            Assert.Equal(Definition(counts, size, overall), distance.Of(run, size), 12);
        }
    }

    [Fact]
    public void Of_ClassAtTheLowestValue_IsHalfWayForThreeEqualValues()
    {
        var distance = new OrderedDistance([1 / 3.0, 1 / 3.0, 1 / 3.0]);

        Assert.Equal(0.5, distance.Of([(0, 2)], 2), 12);
        Assert.Equal(1 / 3.0, distance.Of([(1, 2)], 2), 12);
        Assert.Equal(0.0, distance.Of([(0, 1), (1, 1), (2, 1)], 3), 12);
    }

    /// <summary>Li et al.'s ordered distance written out: Σ_i |Σ_{j≤i} (p_j − q_j)| / (m − 1).</summary>
    private static double Definition(int[] counts, int size, double[] overall)
    {
        double cumulative = 0, sum = 0;
        for (var i = 0; i < overall.Length - 1; i++)
        {
            cumulative += (double)counts[i] / size - overall[i];
            sum += Math.Abs(cumulative);
        }
        return sum / (overall.Length - 1);
    }
}
