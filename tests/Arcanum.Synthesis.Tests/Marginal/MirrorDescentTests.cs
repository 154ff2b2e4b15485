using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class MirrorDescentTests
{
    [Fact]
    public void Fit_ExactMarginalsOfATree_RecoversThem()
    {
        // Given: the exact one-way and pair counts of 1000 rows from a random tree distribution (pairs measured in both orders).
        var truth = new TreeModel([3, 4, 2, 5], [(0, 1), (1, 2), (3, 1)]);
        var random = new Random(5);
        foreach (var theta in truth.NodePotentials.Concat(truth.EdgePotentials))
        {
            for (var i = 0; i < theta.Length; i++) theta[i] = 3 * random.NextDouble() - 1.5;
        }
        var exact = truth.Infer()!;
        var measurements = new List<Measurement>();
        for (var v = 0; v < 4; v++) measurements.Add(new Measurement([v], [.. exact.Nodes[v].Select(p => 1000 * p)], [.. exact.Nodes[v].Select(_ => 1.0)]));
        measurements.Add(new Measurement([0, 1], [.. exact.Edges[0].Select(p => 1000 * p)], [.. exact.Edges[0].Select(_ => 1.0)]));
        measurements.Add(new Measurement([1, 2], [.. exact.Edges[1].Select(p => 1000 * p)], [.. exact.Edges[1].Select(_ => 1.0)]));
        var reversed = new double[20];
        for (var x = 0; x < 5; x++)
        {
            for (var y = 0; y < 4; y++) reversed[y * 5 + x] = 1000 * exact.Edges[2][x * 4 + y];
        }
        measurements.Add(new Measurement([1, 3], reversed, [.. reversed.Select(_ => 1.0)]));

        // When
        var model = new TreeModel([3, 4, 2, 5], [(0, 1), (1, 2), (3, 1)]);
        var fitted = MirrorDescent.Fit(model, measurements, iterations: 5000);

        // Then
        Assert.Equal(1000, fitted.Total, 9);
        for (var v = 0; v < 4; v++) Assert.All(exact.Nodes[v].Zip(fitted.Beliefs.Nodes[v]), p => Assert.Equal(p.First, p.Second, 1e-4));
        for (var e = 0; e < 3; e++) Assert.All(exact.Edges[e].Zip(fitted.Beliefs.Edges[e]), p => Assert.Equal(p.First, p.Second, 1e-4));
    }

    [Fact]
    public void Fit_NegativeNoisyCounts_StillGivesADistribution()
    {
        var measurements = new List<Measurement> { new([0], [50, -20, 30], [10, 10, 10]) };

        var fitted = MirrorDescent.Fit(new TreeModel([3], []), measurements, iterations: 2000);

        Assert.All(fitted.Beliefs.Nodes[0], p => Assert.True(p >= 0));
        Assert.Equal(1, fitted.Beliefs.Nodes[0].Sum(), 12);
        // The least-squares fit on the simplex of 60 rows: (50, -20, 30) projected gives (40, 0, 20).
        Assert.Equal(40 / 60.0, fitted.Beliefs.Nodes[0][0], 0.01);
        Assert.Equal(0, fitted.Beliefs.Nodes[0][1], 0.01);
    }
}
