using System.Diagnostics;
using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>Fitting AIM: discretise, measure one-way marginals, then select, measure and refit round by round until the budget is spent.</summary>
public sealed partial class AimSynthesizer
{
    /// <summary>The share of each round's rho that goes to measuring (the rest to selecting), as in the paper.</summary>
    private const double MeasureShare = 0.9;

    /// <summary>
    /// Fits AIM to <paramref name="table"/>, spending (epsilon, delta) exactly, as <paramref name="options"/> say (Algorithm
    /// 1 of the paper). After any private ranges, with ρ left and T = 16·d: every column's marginal is measured with
    /// <see cref="AimOptions.OneWayShare"/> of ρ; with σ = √(T / (2·0.9·ρ)) each round then costs 1/(2σ²) for its measurement and ε²/8 for its exponential mechanism
    /// (ε = √(8·0.1·ρ / T)), choosing among the candidates that keep the junction tree within the size cap times the
    /// share of ρ spent, by quality w_r·(‖M_r(D) − M_r(p̂)‖₁ − √(2/π)·σ·n_r) of sensitivity max w_r. When a measurement
    /// moves the model's estimate of its marginal by less than √(2/π)·σ·n_r, σ halves and ε doubles. The round that
    /// finds at most two rounds' cost left spends exactly what is left (90% measuring, 10% selecting).
    /// </summary>
    /// <param name="table">The real table.</param>
    /// <param name="schema">Its learned schema: column names, types and identifiers (the figures it read are not released).</param>
    /// <param name="options">The budget, binning and model-size cap.</param>
    /// <param name="progress">Reports the share of the budget spent (0-100) after each round.</param>
    /// <param name="rounds">Reports each round: what it measured, at what noise, the model's size.</param>
    /// <exception cref="SynthesisException">A bad setting, a domain that does not fit the table, or a table the schema does not describe.</exception>
    public static AimSynthesizer Fit(DataTable table, TableSchema schema, AimOptions options,
        IProgress<TrainingProgress>? progress = null, IProgress<AimRound>? rounds = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        options.Domain?.Validate(schema);
        var started = Stopwatch.GetTimestamp();
        var ledger = new PrivacyLedger(options.Epsilon, options.Delta);
        var noise = NoiseSource.Create(options.NoiseSeed);
        var discrete = Discretisation.Build(schema, schema.Extract(table), options.Discretisation, ledger, noise);
        var d = discrete.Bins.Length;
        var rho = ledger.Remaining;
        var planned = options.RoundsPerColumn * d;
        var sigma = d == 1 ? Math.Sqrt(1 / (2 * rho)) : Math.Sqrt(planned / (2 * MeasureShare * rho));
        var epsilon = Math.Sqrt(8 * (1 - MeasureShare) * rho / planned);

        var oneWayRho = d == 1 ? rho : options.OneWayShare * rho;
        var (groups, measurements, cells, oneWaySigma) = MarginalColumns.MeasureOneWay(discrete, oneWayRho, ledger, noise);
        var sizes = groups.Select(g => g.ModelCells).ToArray();
        var model = new CliqueModel(sizes, [.. Enumerable.Range(0, d).Select(a => new[] { a })]);
        var fitted = MirrorDescent.Fit(model, measurements, options.RoundIterations);

        var candidates = AimWorkload.Candidates(d, d <= options.MaxTripleColumns)
            .Where(c => CliqueCells.CountLong(c.Clique, sizes) <= options.MaxCells).ToList();
        var sensitivity = candidates.Count == 0 ? 1 : candidates.Max(c => c.Weight);
        var exact = new Dictionary<int, double[]>();
        var round = 0;
        var last = d == 1;
        while (!last)
        {
            round++;
            var remaining = ledger.Remaining;
            var (measureRho, selectRho) = (1 / (2 * sigma * sigma), epsilon * epsilon / 8);
            if (remaining <= 2 * (measureRho + selectRho))
            {
                last = true;
                selectRho = (1 - MeasureShare) * remaining;
                measureRho = remaining - selectRho;
                (sigma, epsilon) = (Math.Sqrt(1 / (2 * measureRho)), Math.Sqrt(8 * selectRho));
            }
            var cap = options.MaxCells * (rho - remaining + measureRho + selectRho) / rho;
            var eligible = Eligible(model, candidates, cap);
            var estimates = new double[eligible.Count][];
            var qualities = new double[eligible.Count];
            for (var i = 0; i < eligible.Count; i++)
            {
                var (clique, weight) = candidates[eligible[i]];
                var truth = Exact(exact, eligible[i], clique, cells, sizes);
                estimates[i] = [.. model.Project(fitted.Beliefs, clique).Select(p => p * fitted.Total)];
                qualities[i] = weight * (AimWorkload.L1(truth, estimates[i]) - Math.Sqrt(2 / Math.PI) * sigma * truth.Length);
            }
            var pick = ExponentialMechanism.Choose(qualities, epsilon, sensitivity, noise);
            var chosen = candidates[eligible[pick]].Clique;
            var names = string.Join(" × ", chosen.Select(a => schema.Learned[a].Name));
            ledger.Spend($"round {round}: choose", "exponential mechanism", selectRho, epsilon, Invariant(
                $"{names} among {eligible.Count} marginals within the size cap; quality: weighted L1 error minus expected noise (sensitivity {sensitivity})"));
            measurements.Add(Measurement.Measure(chosen, Exact(exact, eligible[pick], chosen, cells, sizes), sigma, noise));
            ledger.Spend($"round {round}: measure", "Gaussian", measureRho, sigma, Invariant($"{names}, sigma {sigma:0.###} on each of its {estimates[pick].Length} cells"));
            if (model.Find(chosen) < 0) model = model.With(chosen);
            fitted = MirrorDescent.Fit(model, measurements, options.RoundIterations);
            var after = model.Project(fitted.Beliefs, chosen).Select(p => p * fitted.Total).ToArray();
            var annealed = !last && AimWorkload.L1(after, estimates[pick]) <= Math.Sqrt(2 / Math.PI) * sigma * after.Length;
            rounds?.Report(new AimRound(round, names, sigma, epsilon, annealed, model.Tree.Cells, ledger.Spent / ledger.Rho, Stopwatch.GetElapsedTime(started).TotalSeconds));
            progress?.Report(new TrainingProgress((int)Math.Floor(100 * ledger.Spent / ledger.Rho), 100, new Dictionary<string, double> { ["round"] = round }, null));
            if (annealed) (sigma, epsilon) = (sigma / 2, epsilon * 2);
        }

        fitted = MirrorDescent.Fit(model, measurements, options.Iterations);
        var columns = new MarginalColumns(discrete.Bins, groups, discrete.Sources);
        var released = MarginalColumns.Release(schema, discrete, groups, a => model.Project(fitted.Beliefs, [a]), fitted.Total);
        var losses = new Dictionary<string, double> { ["inference_loss"] = fitted.Loss, ["inference_steps"] = fitted.Steps, ["rounds"] = round, ["model_cells"] = model.Tree.Cells };
        var training = new TrainingSummary
        {
            Rows = (int)Math.Round(fitted.Total),
            Epochs = 1,
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            FinalLosses = losses,
        };
        progress?.Report(new TrainingProgress(100, 100, losses, null));
        return new AimSynthesizer(released, training, options with { Domain = null }, ledger, columns, model, fitted.Total, round);
    }

    /// <summary>The candidates whose junction tree, joined to the model's cliques, stays within <paramref name="cap"/> cells; those already inside a clique of the tree always do.</summary>
    private static List<int> Eligible(CliqueModel model, List<(int[] Clique, double Weight)> candidates, double cap)
    {
        var eligible = new List<int>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var clique = candidates[i].Clique;
            if (model.Tree.Holding(clique) >= 0 || JunctionTree.Build(model.Sizes, [.. model.Cliques, clique]).Cells <= cap) eligible.Add(i);
        }
        // The cap grows with the budget spent; should it start below the one-way model, the marginals already held stay open.
        if (eligible.Count == 0) eligible.AddRange(Enumerable.Range(0, candidates.Count).Where(i => model.Tree.Holding(candidates[i].Clique) >= 0));
        return eligible;
    }

    /// <summary>A candidate's exact counts over the model's cells, computed once.</summary>
    private static double[] Exact(Dictionary<int, double[]> cache, int candidate, int[] clique, int[][] cells, int[] sizes)
    {
        if (!cache.TryGetValue(candidate, out var counts)) cache[candidate] = counts = CliqueCells.Contingency(cells, clique, sizes);
        return counts;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One AIM round: its number, the marginal measured (column names joined by ×), the noise σ and selection ε it used,
/// whether it annealed (halved σ for the next round), the junction tree's cells after it, the share of rho spent so
/// far and the seconds since the fit started.
/// </summary>
public sealed record AimRound(int Round, string Marginal, double Sigma, double Epsilon, bool Annealed, long ModelCells, double SpentShare, double Seconds);
