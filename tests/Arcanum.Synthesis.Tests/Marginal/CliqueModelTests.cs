using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class CliqueModelTests
{
    // A loopy model: the 4-cycle 0-1-2-3-0, a triangle (1, 2, 4) and a lone column 5.
    private static readonly int[] Sizes = [2, 3, 2, 3, 2, 2];
    private static readonly int[][] Loop = [[0, 1], [1, 2], [2, 3], [0, 3], [1, 2, 4], [5]];

    private static CliqueModel RandomModel(int seed)
    {
        var model = new CliqueModel(Sizes, Loop);
        var random = new Random(seed);
        foreach (var theta in model.Potentials)
        {
            for (var i = 0; i < theta.Length; i++) theta[i] = 4 * random.NextDouble() - 2;
        }
        return model;
    }

    /// <summary>The marginal of <paramref name="columns"/> (sorted) by summing the normalised joint over every assignment.</summary>
    private static double[] BruteForce(CliqueModel model, int[] columns, double[]?[]? evidence = null)
    {
        var joint = new Dictionary<int, double>();
        var total = 0.0;
        var x = new int[Sizes.Length];
        var all = Sizes.Aggregate(1, (p, s) => p * s);
        for (var n = 0; n < all; n++)
        {
            var rest = n;
            for (var v = Sizes.Length - 1; v >= 0; v--) (x[v], rest) = (rest % Sizes[v], rest / Sizes[v]);
            var log = 0.0;
            for (var c = 0; c < model.Cliques.Count; c++)
            {
                var index = model.Cliques[c].Aggregate(0, (i, a) => i * Sizes[a] + x[a]);
                log += model.Potentials[c][index];
            }
            var weight = Math.Exp(log);
            for (var v = 0; v < Sizes.Length; v++) weight *= evidence?[v]?[x[v]] ?? 1;
            var cell = columns.Aggregate(0, (i, a) => i * Sizes[a] + x[a]);
            joint[cell] = joint.GetValueOrDefault(cell) + weight;
            total += weight;
        }
        var cells = columns.Aggregate(1, (p, a) => p * Sizes[a]);
        return [.. Enumerable.Range(0, cells).Select(c => joint.GetValueOrDefault(c) / total)];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Infer_LoopyModel_MarginalsMatchEnumeration(bool withEvidence)
    {
        // Given
        var model = RandomModel(seed: 4);
        double[]?[]? evidence = withEvidence ? [null, [0, 1, 0.5], null, null, [1, 0], null] : null;

        // When
        var beliefs = model.Infer(evidence)!;

        // Then: every junction-tree clique, every model clique, and sets no clique holds.
        Assert.True(model.Tree.Cliques.Length < Loop.Length, "the loop's cliques should merge into larger tree cliques");
        for (var k = 0; k < model.Tree.Cliques.Length; k++) AssertClose(BruteForce(model, model.Tree.Cliques[k], evidence), beliefs.Cliques[k]);
        if (withEvidence) return;
        for (var c = 0; c < model.Cliques.Count; c++) AssertClose(BruteForce(model, model.Cliques[c]), model.Marginal(beliefs, c));
        foreach (int[] columns in new[] { new[] { 0, 4 }, [3, 4, 5], [0, 2, 4], [1, 3] })
            AssertClose(BruteForce(model, columns), model.Project(beliefs, columns));
    }

    [Fact]
    public void Tree_LoopyCliques_HasTheRunningIntersectionProperty()
    {
        var tree = RandomModel(seed: 1).Tree;

        // Every measured clique sits in some tree clique, and the tree cliques holding any column form a connected subtree.
        Assert.All(Loop, c => Assert.True(tree.Holding(c) >= 0));
        Assert.Equal(tree.Cliques.Length - 1, tree.Edges.Length);
        for (var v = 0; v < Sizes.Length; v++)
        {
            var holding = Enumerable.Range(0, tree.Cliques.Length).Where(k => tree.Cliques[k].Contains(v)).ToHashSet();
            var edges = tree.Edges.Count(e => holding.Contains(e.A) && holding.Contains(e.B));
            Assert.Equal(holding.Count - 1, edges);
        }
    }

    [Fact]
    public void Sample_ManyRows_FrequenciesMatchTheMarginals()
    {
        var model = RandomModel(seed: 9);
        var beliefs = model.Infer()!;

        var cells = model.Sample(beliefs, 40_000, new Random(3));

        foreach (int[] columns in new[] { new[] { 0, 1 }, [1, 2, 4], [0, 3], [0, 2], [5] })
        {
            var expected = model.Project(beliefs, columns);
            var counts = CliqueCells.Contingency(cells, columns, Sizes);
            for (var c = 0; c < expected.Length; c++) Assert.Equal(expected[c], counts[c] / 40_000, 0.012);
        }
    }

    [Fact]
    public void Bind_MeasurementInAnotherColumnOrder_IsTransposedIntoTheClique()
    {
        var model = new CliqueModel([2, 3], [[0, 1]]);
        // Cells of (1, 0): column 1 major.
        var measurement = new Measurement([1, 0], [10, 11, 20, 21, 30, 31], [1, 1, 1, 1, 1, 2]);

        var (slot, values, weights) = model.Bind(measurement, [1, 1, 1, 1, 1, 0.25]);

        Assert.Equal(0, slot);
        Assert.Equal([10, 20, 30, 11, 21, 31], values);
        Assert.Equal([1, 1, 1, 1, 1, 0.25], weights);
    }

    [Fact]
    public void Fit_ExactMarginalsOfALoopyModel_RecoversThem()
    {
        // Given: exact counts of 1000 rows on every clique of a random loopy model.
        var truth = RandomModel(seed: 12);
        var exact = truth.Infer()!;
        var measurements = Loop.Select((c, i) => new Measurement(c, [.. truth.Marginal(exact, i).Select(p => 1000 * p)], [.. truth.Potentials[i].Select(_ => 1.0)])).ToList();

        // When
        var model = new CliqueModel(Sizes, Loop);
        var fitted = MirrorDescent.Fit(model, measurements, iterations: 5000);

        // Then
        Assert.Equal(1000, fitted.Total, 9);
        for (var i = 0; i < Loop.Length; i++) AssertClose(truth.Marginal(exact, i), model.Marginal(fitted.Beliefs, i), 1e-4);
    }

    [Fact]
    public void Infer_EvidenceThatExcludesEverything_IsNull()
    {
        var model = RandomModel(seed: 2);

        Assert.Null(model.Infer([null, null, null, null, [0, 0], null]));
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tolerance);
    }
}
