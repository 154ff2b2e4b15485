using System.Globalization;
using System.Net;
using System.Text;
using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation.Report;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG; no scripts, fonts or links) with the verdicts
/// first, then utility, privacy and fidelity with their meaning, the DCR histogram, dependence heatmaps and
/// real-vs-synthetic plots of every column. Column names and levels are user data and are HTML-encoded.
/// </summary>
public static class EvaluationReport
{
    /// <summary>DCR histogram bars.</summary>
    private const int DistanceBins = 30;

    public static string Build(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Synthetic data evaluation</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}")
            .Append("th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}td.text,th.text{text-align:left;max-width:520px}.note{color:#555;font-size:13px}")
            .Append(".verdict{border-left:6px solid #999;padding:6px 12px;margin:8px 0;background:#f8f8f8}.verdict.good{border-color:#1a7f37}.verdict.worry{border-color:#b42318}")
            .Append(".level{font-weight:bold;text-transform:uppercase;font-size:13px}.good .level{color:#1a7f37}.worry .level{color:#b42318}.undetermined .level{color:#7a5d00}")
            .Append(".bad{color:#b42318;font-weight:bold}.grid{display:flex;flex-wrap:wrap;gap:8px}.grid figure{margin:0}figure{margin:1em 0}figcaption{font-size:12px;color:#555;max-width:340px}")
            .Append("</style></head><body>");

        var i = result.Inputs;
        html.Append("<h1>Synthetic data evaluation</h1>");
        html.Append("<p>").Append(E(Invariant($"{i.SyntheticRows} synthetic rows compared with {i.TrainRows} real training rows (which the generator saw) and {i.HoldoutRows} real holdout rows (which it did not), over {i.Columns.Count} columns; target ")))
            .Append("<b>").Append(E(i.Target)).Append("</b>").Append(E(Invariant($"; seed {i.Seed}.")));
        if (i.IgnoredColumns.Count > 0) html.Append(" Identifier columns left out: ").Append(E(string.Join(", ", i.IgnoredColumns))).Append('.');
        html.Append("</p><p class=\"note\">This page shows distributions of the real data (histogram ranges reveal real minimum and maximum values): share it only with people allowed to see the real table.</p>");

        html.Append("<h2>Verdicts</h2>");
        foreach (var v in result.Verdicts)
        {
            html.Append("<div class=\"verdict ").Append(v.LevelName).Append("\"><span class=\"level\">").Append(E(v.LevelName)).Append("</span> · <b>").Append(E(v.Title)).Append("</b><br>")
                .Append(E(v.Summary)).Append("<br><span class=\"note\">").Append(E(v.Threshold)).Append("</span></div>");
        }
        var notes = result.Notes.Concat(result.Utility.Notes).Concat(result.Privacy.Notes).Concat(result.MembershipInference.Notes).ToList();
        if (notes.Count > 0)
        {
            html.Append("<h3>Notes</h3><ul>").Append(string.Concat(notes.Select(n => $"<li>{E(n)}</li>"))).Append("</ul>");
        }

        Utility(html, result.Utility);
        Privacy(html, result);
        Fidelity(html, result.Fidelity);
        html.Append("<p class=\"note\">Produced by Arcanum. Every number on this page was measured in this run; the same inputs and seed give the same page.</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Utility(StringBuilder html, UtilityResult u)
    {
        html.Append("<h2>Utility: train on synthetic, test on real</h2>");
        html.Append("<p>").Append(E($"Predicting {u.Target} ({string.Join(", ", u.ClassNames)}); "))
            .Append(E(u.PositiveClass is null ? "AUROC is the macro mean of one-vs-rest AUROC." : $"AUROC ranks by p({u.PositiveClass}).")).Append("</p>");
        html.Append("<table><thead><tr><th>classifier</th><th>TRTR AUROC</th><th>TSTR AUROC</th><th>ratio</th><th>TRTR macro-F1</th><th>TSTR macro-F1</th><th>ratio</th><th>TRTR accuracy</th><th>TSTR accuracy</th><th>ratio</th></tr></thead><tbody>");
        foreach (var c in u.Classifiers)
        {
            html.Append("<tr><td>").Append(E(c.Name)).Append("</td>")
                .Append(Cell(c.Trtr.Auroc)).Append(Cell(c.Tstr?.Auroc)).Append(Cell(c.AurocRatio, c.AurocRatio < UtilityResult.GoodAurocRatio))
                .Append(Cell(c.Trtr.MacroF1)).Append(Cell(c.Tstr?.MacroF1)).Append(Cell(c.MacroF1Ratio))
                .Append(Cell(c.Trtr.Accuracy)).Append(Cell(c.Tstr?.Accuracy)).Append(Cell(c.AccuracyRatio)).Append("</tr>");
        }
        html.Append("</tbody></table><ul class=\"note\">")
            .Append(string.Concat(u.Classifiers.Select(c => $"<li><b>{E(c.Name)}</b>: {E(c.Description)}; TRTR trained on {c.Trtr.TrainingRows} rows, TSTR on {(c.Tstr is null ? "none" : c.Tstr.TrainingRows.ToString(CultureInfo.InvariantCulture))}; tested on {c.Trtr.TestRows} holdout rows.</li>")))
            .Append("</ul><p class=\"note\">").Append(E(UtilityResult.Explanation)).Append("</p>");
    }

    private static void Privacy(StringBuilder html, EvaluationResult result)
    {
        var p = result.Privacy;
        var m = result.MembershipInference;
        html.Append("<h2>Privacy</h2><table><thead><tr><th>measure</th><th>value</th><th class=\"text\">ideal / worry</th></tr></thead><tbody>");
        Row(html, "Membership-inference attack AUROC", F(m.Auroc), "0.5 ideal; worry above 0.6", m.Auroc > MembershipInferenceResult.WorryAuroc);
        Row(html, "Membership-inference advantage (max TPR − FPR)", F(m.Advantage), "0 ideal", false);
        Row(html, "Share of synthetic rows closer to train than to holdout", Invariant($"{p.ShareCloserToTrain:0.000}"), "0.5 ideal; worry above 0.6", p.ShareCloserToTrain > 0.6);
        Row(html, "Exact copies of training rows", Invariant($"{p.ExactCopies} ({Percent.Of(p.ExactCopyShare)})"), "0; worry at any", p.ExactCopies > 0);
        Row(html, "DCR synthetic → train (p5 / p50 / p95)", Invariant($"{p.SyntheticToTrain.P5:0.###} / {p.SyntheticToTrain.P50:0.###} / {p.SyntheticToTrain.P95:0.###}"), "worry when the median is more than 10% below the holdout's", p.SyntheticToTrain.P50 < PrivacyReport.DcrMedianTolerance * p.HoldoutToTrain.P50);
        Row(html, "DCR holdout → train (p5 / p50 / p95)", Invariant($"{p.HoldoutToTrain.P5:0.###} / {p.HoldoutToTrain.P50:0.###} / {p.HoldoutToTrain.P95:0.###}"), "what unseen real rows look like", false);
        Row(html, "NNDR (p5 / p50 / p95)", Invariant($"{p.NearestNeighbourRatio.P5:0.###} / {p.NearestNeighbourRatio.P50:0.###} / {p.NearestNeighbourRatio.P95:0.###}"), "worry when p5 is below 0.1", p.NearestNeighbourRatio.P5 < 0.1);
        html.Append("</tbody></table>");
        DistanceHistogram(html, p);
        html.Append("<p class=\"note\">").Append(E(MembershipInferenceResult.Explanation)).Append("</p>");
        html.Append("<p class=\"note\">").Append(E(PrivacyReport.Explanation)).Append(" DCR is the Euclidean distance to the closest training row with numbers standardised and categories one-hot encoded as for training; NNDR divides it by the distance to the second-closest.</p>");
    }

    private static void DistanceHistogram(StringBuilder html, PrivacyReport p)
    {
        var synthetic = p.SyntheticToTrainDistances;
        var holdout = p.HoldoutToTrainDistances;
        if (synthetic.Count == 0 || holdout.Count == 0) return;
        var pooled = synthetic.Concat(holdout).Where(double.IsFinite).OrderBy(d => d).ToArray();
        var high = pooled.Length == 0 ? 1 : pooled[(int)Math.Floor(0.99 * (pooled.Length - 1))];
        if (!(high > 0)) high = pooled.Length == 0 || pooled[^1] <= 0 ? 1 : pooled[^1];
        double[] Shares(IReadOnlyList<double> values)
        {
            var counts = new double[DistanceBins];
            foreach (var d in values) counts[Math.Clamp((int)(d / high * DistanceBins), 0, DistanceBins - 1)]++;
            return [.. counts.Select(c => c / values.Count)];
        }
        var labels = Enumerable.Range(0, DistanceBins).Select(b => Invariant($"{b * high / DistanceBins:0.###} – {(b + 1) * high / DistanceBins:0.###}")).ToArray();
        html.Append("<figure>").Append(Svg.Distribution("Distance to the closest training row (DCR)", labels,
            [("holdout → train", Svg.RealColor, Shares(holdout)), ("synthetic → train", Svg.SyntheticColor, Shares(synthetic))], overlay: true,
            ("0", Invariant($"{high:0.###}")), width: 680, height: 240));
        html.Append("<figcaption style=\"max-width:680px\">").Append(E(Invariant($"Shares of rows per distance; the last bar also holds distances beyond {high:0.###} (the 99th percentile). A synthetic peak at 0, left of the holdout curve, means synthetic rows sit on training rows.")))
            .Append("</figcaption></figure>");
    }

    private static void Fidelity(StringBuilder html, FidelityResult f)
    {
        html.Append("<h2>Fidelity</h2><p>").Append(E(Invariant($"Fidelity score {f.Score.Overall:0.000}: column shapes {f.Score.ColumnShapes:0.000} over {f.Score.ColumnCount} columns, pair trends {f.Score.PairTrends:0.000} over {f.Score.PairCount} pairs."))).Append("</p>");
        html.Append("<p class=\"note\">").Append(E(FidelityScore.Explanation)).Append("</p>");

        html.Append("<h3>Columns</h3><table><thead><tr><th>column</th><th>measure</th><th>distance</th><th>missing-rate difference</th></tr></thead><tbody>");
        foreach (var c in f.Columns)
        {
            html.Append("<tr><td>").Append(E(c.Column)).Append("</td><td>").Append(c.Kind == "ks" ? "Kolmogorov–Smirnov D" : "total variation").Append("</td>")
                .Append(Cell(c.Distance, c.Distance > FidelityResult.WorryColumnDistance)).Append(Cell(c.MissingRateDifference, Math.Abs(c.MissingRateDifference) > 0.05)).Append("</tr>");
        }
        html.Append("</tbody></table><p class=\"note\">").Append(E(ColumnDistance.Explanation)).Append("</p>");

        html.Append("<h3>Dependence between columns</h3>");
        var names = f.Columns.Select(c => c.Column).ToList();
        if (names.Count >= 2)
        {
            var index = names.Select((n, k) => (n, k)).ToDictionary(x => x.n, x => x.k, StringComparer.Ordinal);
            var pairs = new Dictionary<(int, int), PairDifference>();
            foreach (var p in f.Pairs) pairs[(Math.Max(index[p.First], index[p.Second]), Math.Min(index[p.First], index[p.Second]))] = p;
            double? Get(int a, int b, Func<PairDifference, double> pick) => pairs.TryGetValue((a, b), out var p) ? pick(p) : null;
            html.Append("<div class=\"grid\">")
                .Append("<figure>").Append(Svg.Heatmap("Real", names, (a, b) => Get(a, b, p => p.Real), signed: true)).Append("</figure>")
                .Append("<figure>").Append(Svg.Heatmap("Synthetic", names, (a, b) => Get(a, b, p => p.Synthetic), signed: true)).Append("</figure>")
                .Append("<figure>").Append(Svg.Heatmap("|Real − synthetic|", names, (a, b) => Get(a, b, p => p.Difference), signed: false, full: FidelityResult.WorryPairDifference)).Append("</figure>")
                .Append("</div>");
            html.Append("<p class=\"note\">Pearson correlation between two numeric columns (−1 to 1), Cramér's V between two categorical columns and the correlation ratio η between a numeric and a categorical one (0 to 1), each over rows where both values are present. Grey cells are undefined in one table (a constant column or a single level). ")
                .Append(E(PairDifference.Explanation)).Append("</p>");
            var largest = f.Pairs.OrderByDescending(p => p.Difference).Take(15).ToList();
            if (largest.Count > 0)
            {
                html.Append("<table><thead><tr><th>pair (largest differences)</th><th>measure</th><th>real</th><th>synthetic</th><th>|difference|</th></tr></thead><tbody>");
                foreach (var p in largest)
                {
                    html.Append("<tr><td>").Append(E($"{p.First} × {p.Second}")).Append("</td><td>").Append(E(p.Measure)).Append("</td>")
                        .Append(Cell(p.Real)).Append(Cell(p.Synthetic)).Append(Cell(p.Difference, p.Difference > FidelityResult.WorryPairDifference)).Append("</tr>");
                }
                html.Append("</tbody></table><p class=\"note\">").Append(E(Invariant($"Red: a difference above {FidelityResult.WorryPairDifference}, the fidelity verdict's threshold; the difference heatmap is fully red from there.")))
                    .Append("</p>");
            }
        }

        html.Append("<h3>Every column, real vs synthetic</h3><div class=\"grid\">");
        foreach (var m in f.Marginals) Marginal(html, m);
        html.Append("</div>");
    }

    private static void Marginal(StringBuilder html, ColumnMarginal m)
    {
        (string, string)? range = m.Edges switch
        {
            { Count: > 1 } e when m.Type == ColumnType.Integer && e[1] - e[0] == 1 => (m.Labels[0], m.Labels[^1]),
            { Count: > 1 } e => (Marginals.Format(m.Type, e[0]), Marginals.Format(m.Type, e[^1])),
            _ => null,
        };
        html.Append("<figure>").Append(Svg.Distribution(m.Column, m.Labels,
            [("real", Svg.RealColor, m.Real), ("synthetic", Svg.SyntheticColor, m.Synthetic)], overlay: m.IsHistogram, range));
        var caption = Invariant($"{TypeName(m.Type)}; missing: real {Percent.Of(m.RealMissingShare)}, synthetic {Percent.Of(m.SyntheticMissingShare)}.") + (m.Note is null ? "" : " " + m.Note);
        html.Append("<figcaption>").Append(E(caption)).Append("</figcaption></figure>");
    }

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Numeric => "numeric",
        ColumnType.Integer => "whole numbers",
        ColumnType.Date => "dates",
        ColumnType.Binary => "binary",
        _ => "categorical",
    };

    private static void Row(StringBuilder html, string name, string value, string meaning, bool worry) =>
        html.Append("<tr><td>").Append(E(name)).Append("</td><td").Append(worry ? " class=\"bad\"" : "").Append('>').Append(E(value)).Append("</td><td class=\"text\">").Append(E(meaning)).Append("</td></tr>");

    private static string Cell(double? value, bool worry = false) =>
        $"<td{(worry ? " class=\"bad\"" : "")}>{(value is { } v ? F(v) : "—")}</td>";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
