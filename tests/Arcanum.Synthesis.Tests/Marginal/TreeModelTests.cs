using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class TreeModelTests
{
    private static TreeModel RandomModel(int[] sizes, (int, int)[] edges, int seed)
    {
        var model = new TreeModel(sizes, edges);
        var random = new Random(seed);
        foreach (var theta in model.NodePotentials.Concat(model.EdgePotentials))
        {
            for (var i = 0; i < theta.Length; i++) theta[i] = 2 * random.NextDouble() - 1;
        }
        return model;
    }

    /// <summary>Every joint state's unnormalised probability, by enumeration.</summary>
    private static (int[][] States, double[] Weights) Enumerate(TreeModel model, double[]?[]? evidence = null)
    {
        var states = new List<int[]>();
        var weights = new List<double>();
        var current = new int[model.Sizes.Length];
        void Visit(int v)
        {
            if (v == current.Length)
            {
                var log = 0.0;
                for (var i = 0; i < current.Length; i++) log += model.NodePotentials[i][current[i]];
                for (var e = 0; e < model.Edges.Count; e++)
                {
                    var (a, b) = model.Edges[e];
                    log += model.EdgePotentials[e][current[a] * model.Sizes[b] + current[b]];
                }
                var w = Math.Exp(log);
                for (var i = 0; i < current.Length; i++) w *= evidence?[i]?[current[i]] ?? 1;
                states.Add((int[])current.Clone());
                weights.Add(w);
                return;
            }
            for (var x = 0; x < model.Sizes[v]; x++)
            {
                current[v] = x;
                Visit(v + 1);
            }
        }
        Visit(0);
        var total = weights.Sum();
        return ([.. states], [.. weights.Select(w => w / total)]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Infer_SmallTree_MatchesEnumeration(bool withEvidence)
    {
        var model = RandomModel([2, 3, 2, 4, 3], [(0, 1), (2, 1), (1, 3)], seed: 1);
        double[]?[] evidence = withEvidence ? [null, [1, 0, 0.5], null, null, [0, 1, 1]] : [null, null, null, null, null];

        var beliefs = model.Infer(evidence)!;

        var (states, p) = Enumerate(model, evidence);
        for (var v = 0; v < model.Sizes.Length; v++)
        {
            for (var x = 0; x < model.Sizes[v]; x++)
                Assert.Equal(Enumerable.Range(0, states.Length).Where(s => states[s][v] == x).Sum(s => p[s]), beliefs.Nodes[v][x], 12);
        }
        for (var e = 0; e < model.Edges.Count; e++)
        {
            var (a, b) = model.Edges[e];
            for (var x = 0; x < model.Sizes[a]; x++)
            {
                for (var y = 0; y < model.Sizes[b]; y++)
                    Assert.Equal(Enumerable.Range(0, states.Length).Where(s => states[s][a] == x && states[s][b] == y).Sum(s => p[s]), beliefs.Edges[e][x * model.Sizes[b] + y], 12);
            }
        }
    }

    [Fact]
    public void Sample_ManyRows_PairFrequenciesMatchTheEdgeMarginals()
    {
        var model = RandomModel([3, 2, 4], [(1, 0), (0, 2)], seed: 2);
        var beliefs = model.Infer()!;

        var cells = model.Sample(beliefs, 100_000, new Random(3));

        for (var e = 0; e < model.Edges.Count; e++)
        {
            var (a, b) = model.Edges[e];
            var counts = Contingency.Count(cells[a], model.Sizes[a], cells[b], model.Sizes[b]);
            for (var c = 0; c < counts.Length; c++) Assert.Equal(beliefs.Edges[e][c], counts[c] / 100_000, 0.005);
        }
    }

    [Fact]
    public void Infer_EvidenceThatExcludesEverything_IsNull()
    {
        var model = RandomModel([2, 2], [(0, 1)], seed: 4);

        Assert.Null(model.Infer([[0, 0], null]));
    }

    [Fact]
    public void Constructor_EdgesWithACycle_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TreeModel([2, 2, 2], [(0, 1), (1, 2), (2, 0)]));
    }
}
