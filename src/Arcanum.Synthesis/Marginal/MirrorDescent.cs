namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Private-PGM estimation (McKenna, Sheldon and Miklau 2019) on a <see cref="TreeModel"/>: the potentials θ whose
/// marginals μ = N·p_θ come closest to the noisy measurements, minimising L(μ) = ½ Σ (μ − y)²/σ² over the cells
/// of every measured clique. Entropic mirror descent updates the potentials, θ ← θ − α ∇L(μ), so the marginals
/// stay non-negative and consistent by construction (they are always a real distribution's), with a line
/// search on α (Armijo's condition for mirror descent, as Private-PGM does). N is the inverse-variance weighted
/// mean of the measurements' noisy totals. Every input is a released measurement: this is post-processing.
/// </summary>
internal static class MirrorDescent
{
    private const int MaxHalvings = 40;

    /// <summary>Fits <paramref name="model"/>'s potentials in place and returns the fitted marginals with the total and the final loss.</summary>
    /// <param name="model">Its nodes and edges must hold every measured clique.</param>
    /// <param name="measurements">One-way measurements on nodes, two-way ones on edges.</param>
    /// <param name="iterations">The most mirror-descent steps; it stops earlier once the loss stops falling.</param>
    public static InferenceResult Fit(TreeModel model, IReadOnlyList<Measurement> measurements, int iterations)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (measurements.Count == 0) throw new ArgumentException("Inference needs at least one measurement.", nameof(measurements));
        var total = EstimateTotal(measurements);
        var bound = measurements.Select(m => Bind(model, m)).ToArray();
        var beliefs = model.Infer() ?? throw new InvalidOperationException("The model's potentials give no probability.");
        var (loss, gradient) = Evaluate(bound, beliefs, total);
        var maxWeight = bound.Max(b => b.Weights.Max());
        var alpha = 1.0 / (maxWeight * total);
        var steps = 0;
        for (; steps < iterations; steps++)
        {
            alpha *= 2;
            var accepted = false;
            for (var halving = 0; halving < MaxHalvings && !accepted; halving++)
            {
                Step(model, bound, gradient, -alpha);
                var next = model.Infer();
                if (next is not null)
                {
                    var (nextLoss, nextGradient) = Evaluate(bound, next, total);
                    // Armijo for mirror descent: the loss falls by at least half the gradient's inner product with the change in μ.
                    var expected = Decrease(bound, gradient, beliefs, next, total);
                    if (loss - nextLoss >= 0.5 * expected)
                    {
                        var relative = (loss - nextLoss) / Math.Max(loss, 1e-300);
                        (beliefs, loss, gradient, accepted) = (next, nextLoss, nextGradient, true);
                        if (relative < 1e-10) return new InferenceResult(beliefs, total, loss, steps + 1);
                        continue;
                    }
                }
                Step(model, bound, gradient, alpha);
                alpha /= 2;
            }
            if (!accepted) break;
        }
        return new InferenceResult(beliefs, total, loss, steps);
    }

    /// <summary>The inverse-variance weighted mean of the measurements' noisy totals, at least 1.</summary>
    public static double EstimateTotal(IReadOnlyList<Measurement> measurements)
    {
        double weighted = 0, weights = 0;
        foreach (var m in measurements)
        {
            var variance = m.Sigmas.Sum(s => s * s);
            weighted += m.Values.Sum() / variance;
            weights += 1 / variance;
        }
        return Math.Max(1, weighted / weights);
    }

    /// <summary>A measurement tied to its clique: the node or edge, with values and weights in the clique's cell order.</summary>
    private sealed record Bound(int Node, int Edge, double[] Values, double[] Weights);

    private static Bound Bind(TreeModel model, Measurement m)
    {
        var weights = m.Sigmas.Select(s => 1 / (s * s)).ToArray();
        if (m.Attributes.Length == 1)
        {
            if (m.Values.Length != model.Sizes[m.Attributes[0]]) throw new ArgumentException($"A measurement of column {m.Attributes[0]} has {m.Values.Length} cells, not {model.Sizes[m.Attributes[0]]}.", nameof(m));
            return new Bound(m.Attributes[0], -1, m.Values, weights);
        }
        var (a, b) = (m.Attributes[0], m.Attributes[1]);
        var (edge, forward) = model.FindEdge(a, b);
        if (edge < 0) throw new ArgumentException($"Columns {a} and {b} are measured together but are not an edge of the model.", nameof(m));
        if (m.Values.Length != model.Sizes[a] * model.Sizes[b]) throw new ArgumentException($"The measurement of ({a}, {b}) has the wrong number of cells.", nameof(m));
        if (forward) return new Bound(-1, edge, m.Values, weights);
        // Reorder (a major) into the edge's order (b major).
        var values = new double[m.Values.Length];
        var reordered = new double[m.Values.Length];
        for (var x = 0; x < model.Sizes[a]; x++)
        {
            for (var y = 0; y < model.Sizes[b]; y++)
            {
                values[y * model.Sizes[a] + x] = m.Values[x * model.Sizes[b] + y];
                reordered[y * model.Sizes[a] + x] = weights[x * model.Sizes[b] + y];
            }
        }
        return new Bound(-1, edge, values, reordered);
    }

    private static double[] Marginal(Bound b, TreeBeliefs beliefs) => b.Edge >= 0 ? beliefs.Edges[b.Edge] : beliefs.Nodes[b.Node];

    /// <summary>The loss and its gradient with respect to each measurement's μ.</summary>
    private static (double Loss, double[][] Gradient) Evaluate(Bound[] bound, TreeBeliefs beliefs, double total)
    {
        var loss = 0.0;
        var gradient = new double[bound.Length][];
        for (var i = 0; i < bound.Length; i++)
        {
            var p = Marginal(bound[i], beliefs);
            var g = new double[p.Length];
            for (var c = 0; c < p.Length; c++)
            {
                var diff = total * p[c] - bound[i].Values[c];
                loss += 0.5 * bound[i].Weights[c] * diff * diff;
                g[c] = bound[i].Weights[c] * diff;
            }
            gradient[i] = g;
        }
        return (loss, gradient);
    }

    /// <summary>⟨∇L(μ), μ − μ'⟩ over every measured clique.</summary>
    private static double Decrease(Bound[] bound, double[][] gradient, TreeBeliefs before, TreeBeliefs after, double total)
    {
        var sum = 0.0;
        for (var i = 0; i < bound.Length; i++)
        {
            var (p, q) = (Marginal(bound[i], before), Marginal(bound[i], after));
            for (var c = 0; c < p.Length; c++) sum += gradient[i][c] * total * (p[c] - q[c]);
        }
        return sum;
    }

    /// <summary>Adds <paramref name="scale"/> times each measurement's gradient to its clique's potentials.</summary>
    private static void Step(TreeModel model, Bound[] bound, double[][] gradient, double scale)
    {
        for (var i = 0; i < bound.Length; i++)
        {
            var theta = bound[i].Edge >= 0 ? model.EdgePotentials[bound[i].Edge] : model.NodePotentials[bound[i].Node];
            for (var c = 0; c < theta.Length; c++) theta[c] += scale * gradient[i][c];
        }
    }
}

/// <summary>The fitted marginals, the estimated number of rows, the final loss and the steps taken.</summary>
internal sealed record InferenceResult(TreeBeliefs Beliefs, double Total, double Loss, int Steps);
