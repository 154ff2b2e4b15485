using System.Diagnostics;
using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>Fitting MST: discretise, measure one-way marginals, merge sparse cells, select a tree, measure its pairs, infer.</summary>
public sealed partial class MstSynthesizer
{
    /// <summary>Steps reported to <c>progress</c>: cells, one-way marginals, tree, pairs and inference.</summary>
    public const int Phases = 4;

    /// <summary>
    /// Fits MST to <paramref name="table"/>, spending (epsilon, delta) as <paramref name="options"/> say. After any
    /// private range estimates, the rest of rho goes in three equal parts to the one-way marginals, the choice of the
    /// tree (d − 1 exponential mechanisms) and the tree's pair marginals, as in the paper; with one column, all of it
    /// goes to its marginal. Within a part, each marginal gets an equal share, so its noise is σ·√(count) where
    /// σ = 1/√(2·part).
    /// </summary>
    /// <param name="table">The real table.</param>
    /// <param name="schema">Its learned schema: column names, types and identifiers (the figures it read are not released).</param>
    /// <param name="options">The budget and binning.</param>
    /// <param name="progress">Reports after each phase.</param>
    /// <exception cref="SynthesisException">A bad setting, a domain that does not fit the table, or a table the schema does not describe.</exception>
    public static MstSynthesizer Fit(DataTable table, TableSchema schema, MstOptions options, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        options.Domain?.Validate(schema);
        var started = Stopwatch.GetTimestamp();
        var ledger = new PrivacyLedger(options.Epsilon, options.Delta);
        var noise = NoiseSource.Create(options.NoiseSeed);
        var values = schema.Extract(table);
        Report(progress, 0, null);

        var discrete = Discretisation.Build(schema, values, options, ledger, noise);
        var d = discrete.Bins.Length;
        var rest = ledger.Remaining;
        var oneWayRho = d == 1 ? rest : rest / 3;
        var (groups, measurements, cells, oneWaySigma) = MarginalColumns.MeasureOneWay(discrete, oneWayRho, ledger, noise);
        Report(progress, 1, null);
        var sizes = groups.Select(g => g.ModelCells).ToArray();

        var edges = Array.Empty<(int, int)>();
        if (d > 1)
        {
            var selectionRho = rest / 3;
            var independent = MirrorDescent.Fit(new TreeModel(sizes, []), measurements, options.Iterations);
            var errors = TreeSelection.Errors(cells, sizes, independent.Beliefs.Nodes, independent.Total);
            var epsilonPerEdge = Zcdp.ExponentialEpsilon(selectionRho / (d - 1));
            edges = TreeSelection.Select(d, errors, epsilonPerEdge, noise);
            ledger.Spend("tree of pairs", "exponential mechanism", selectionRho, epsilonPerEdge, Invariant(
                $"{d - 1} picks among the pairs joining two parts of the tree, epsilon {epsilonPerEdge:0.####} each; quality: the L1 error of the independent model's pair counts (sensitivity 1)"));
            Report(progress, 2, null);

            var pairRho = rest - oneWayRho - selectionRho;
            var pairSigma = Math.Sqrt((d - 1) / (2 * pairRho));
            foreach (var (a, b) in edges)
                measurements.Add(Measurement.Measure([a, b], Contingency.Count(cells[a], sizes[a], cells[b], sizes[b]), pairSigma, noise));
            ledger.Spend("pair marginals", "Gaussian", pairRho, pairSigma, Invariant($"{d - 1} pairs, sigma {pairSigma:0.###} on each cell"));
        }
        Report(progress, 3, null);

        var model = new TreeModel(sizes, edges);
        var fitted = MirrorDescent.Fit(model, measurements, options.Iterations);
        var released = MarginalColumns.Release(schema, discrete, groups, a => fitted.Beliefs.Nodes[a], fitted.Total);
        var losses = new Dictionary<string, double> { ["inference_loss"] = fitted.Loss, ["inference_steps"] = fitted.Steps };
        var training = new TrainingSummary
        {
            Rows = (int)Math.Round(fitted.Total),
            Epochs = 1,
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            FinalLosses = losses,
        };
        var result = new MstSynthesizer(released, training, options with { Domain = null }, ledger, new MarginalColumns(discrete.Bins, groups, discrete.Sources), model, fitted.Total);
        Report(progress, Phases, losses);
        return result;
    }

    private static void Report(IProgress<TrainingProgress>? progress, int phase, IReadOnlyDictionary<string, double>? losses) =>
        progress?.Report(new TrainingProgress(phase, Phases, losses ?? new Dictionary<string, double>(), null));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
