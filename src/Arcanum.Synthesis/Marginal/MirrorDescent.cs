namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Private-PGM estimation (McKenna, Sheldon and Miklau 2019) on a graphical model (MST's <see cref="TreeModel"/>,
/// AIM's <see cref="CliqueModel"/>): the potentials θ whose
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
    /// <param name="model">It must hold a potential for every measured clique.</param>
    /// <param name="measurements">The noisy marginals.</param>
    /// <param name="iterations">The most mirror-descent steps; it stops earlier once the loss stops falling.</param>
    public static InferenceResult<TBeliefs> Fit<TBeliefs>(IPotentialModel<TBeliefs> model, IReadOnlyList<Measurement> measurements, int iterations)
        where TBeliefs : class
    {
        ArgumentNullException.ThrowIfNull(model);
        if (measurements.Count == 0) throw new ArgumentException("Inference needs at least one measurement.", nameof(measurements));
        var total = EstimateTotal(measurements);
        var bound = measurements.Select(m => Bind(model, m)).ToArray();
        var beliefs = model.Infer() ?? throw new InvalidOperationException("The model's potentials give no probability.");
        var (loss, gradient) = Evaluate(model, bound, beliefs, total);
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
                    var (nextLoss, nextGradient) = Evaluate(model, bound, next, total);
                    // Armijo for mirror descent: the loss falls by at least half the gradient's inner product with the change in μ.
                    var expected = Decrease(model, bound, gradient, beliefs, next, total);
                    if (loss - nextLoss >= 0.5 * expected)
                    {
                        var relative = (loss - nextLoss) / Math.Max(loss, 1e-300);
                        (beliefs, loss, gradient, accepted) = (next, nextLoss, nextGradient, true);
                        if (relative < 1e-10) return new InferenceResult<TBeliefs>(beliefs, total, loss, steps + 1);
                        continue;
                    }
                }
                Step(model, bound, gradient, alpha);
                alpha /= 2;
            }
            if (!accepted) break;
        }
        return new InferenceResult<TBeliefs>(beliefs, total, loss, steps);
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

    /// <summary>A measurement tied to its clique's potential (the model's slot), with values and weights in the slot's cell order.</summary>
    private sealed record Bound(int Slot, double[] Values, double[] Weights);

    private static Bound Bind<TBeliefs>(IPotentialModel<TBeliefs> model, Measurement m)
        where TBeliefs : class
    {
        var (slot, values, weights) = model.Bind(m, [.. m.Sigmas.Select(s => 1 / (s * s))]);
        return new Bound(slot, values, weights);
    }

    /// <summary>The loss and its gradient with respect to each measurement's μ.</summary>
    private static (double Loss, double[][] Gradient) Evaluate<TBeliefs>(IPotentialModel<TBeliefs> model, Bound[] bound, TBeliefs beliefs, double total)
        where TBeliefs : class
    {
        var loss = 0.0;
        var gradient = new double[bound.Length][];
        for (var i = 0; i < bound.Length; i++)
        {
            var p = model.Marginal(beliefs, bound[i].Slot);
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
    private static double Decrease<TBeliefs>(IPotentialModel<TBeliefs> model, Bound[] bound, double[][] gradient, TBeliefs before, TBeliefs after, double total)
        where TBeliefs : class
    {
        var sum = 0.0;
        for (var i = 0; i < bound.Length; i++)
        {
            var (p, q) = (model.Marginal(before, bound[i].Slot), model.Marginal(after, bound[i].Slot));
            for (var c = 0; c < p.Length; c++) sum += gradient[i][c] * total * (p[c] - q[c]);
        }
        return sum;
    }

    /// <summary>Adds <paramref name="scale"/> times each measurement's gradient to its clique's potentials.</summary>
    private static void Step<TBeliefs>(IPotentialModel<TBeliefs> model, Bound[] bound, double[][] gradient, double scale)
        where TBeliefs : class
    {
        for (var i = 0; i < bound.Length; i++)
        {
            var theta = model.Potential(bound[i].Slot);
            for (var c = 0; c < theta.Length; c++) theta[c] += scale * gradient[i][c];
        }
    }
}

/// <summary>The fitted marginals, the estimated number of rows, the final loss and the steps taken.</summary>
internal sealed record InferenceResult<TBeliefs>(TBeliefs Beliefs, double Total, double Loss, int Steps);
