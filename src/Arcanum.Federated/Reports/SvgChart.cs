using System.Globalization;
using System.Net;
using System.Text;

namespace Arcanum.Federated.Reports;

/// <summary>
/// Minimal inline-SVG charts for self-contained reports: no scripts, no fonts, no network, so a
/// report opens the same offline, in a mail client or in ten years.
/// </summary>
internal static class SvgChart
{
    /// <summary>Pixels between the plot's top border and its highest value, so a line at exactly 1.0 is not hidden in the border.</summary>
    private const int Inset = 8;

    internal static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>
    /// One line per series; x is 1..n; NaN values are gaps. Thick lines mark series whose name is in
    /// <paramref name="emphasised"/>; a dashed vertical line is drawn just before each 0-based index in <paramref name="changes"/>.
    /// The axis reaches down at least to <paramref name="floor"/> (e.g. 0.5, chance, for AUROC), so a zoomed axis does not
    /// make small changes look large.
    /// </summary>
    public static string Lines(string title, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, ISet<string> emphasised,
        IReadOnlyList<int>? changes = null, int width = 720, int height = 320, double? floor = null)
    {
        const int left = 56, right = 170, top = 30, bottom = 40;
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        if (floor is { } f) finite.Add(f);
        var (lo, hi) = Range(finite);
        var n = series.Count == 0 ? 1 : series.Max(s => s.Values.Count);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double X(int i) => left + (n <= 1 ? plotW / 2.0 : plotW * (i / (double)(n - 1)));
        double Y(double v) => top + Inset + (plotH - Inset) * (1 - (v - lo) / (hi - lo));

        var svg = Begin(title, width, height);
        Axes(svg, left, top, plotW, plotH, lo, hi, Y);
        for (var i = 0; i < n; i += Math.Max(1, n / 10))
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(i):F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{i + 1}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{height - 6}\" text-anchor=\"middle\">round</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + plotH / 2}\" transform=\"rotate(-90 14 {top + plotH / 2})\" text-anchor=\"middle\">{Esc(yLabel)}</text>");

        foreach (var i in changes ?? [])
        {
            var x = i <= 0 ? X(0) : (X(i - 1) + X(i)) / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"site-change\" x1=\"{x:F1}\" x2=\"{x:F1}\" y1=\"{top}\" y2=\"{top + plotH}\" stroke=\"#666\" stroke-dasharray=\"5 4\"><title>the pooled line's sites change at round {i + 1}</title></line>");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            var color = Palette[s % Palette.Length];
            var thick = emphasised.Contains(name);
            // A missing value (NaN) breaks the line: one polyline per run of values, and a dot for a
            // value with a gap on each side (a polyline of one point is invisible), so a missed
            // round is never drawn as if it had been reported.
            var runs = Runs(values);
            foreach (var run in runs.DefaultIfEmpty([]))
            {
                var points = new StringBuilder();
                foreach (var i in run) points.Append(CultureInfo.InvariantCulture, $"{X(i):F1},{Y(values[i]):F1} ");
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"{(thick ? 3 : 1.3)}\" {(thick ? "" : "stroke-opacity=\"0.75\"")} points=\"{points}\"/>");
                if (run.Count == 1 && values.Count > 1)
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(run[0]):F1}\" cy=\"{Y(values[run[0]]):F1}\" r=\"{(thick ? 3 : 2)}\" fill=\"{color}\"/>");
            }
            var ly = top + 4 + s * 16;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + plotW + 12}\" y=\"{ly}\" width=\"12\" height=\"{(thick ? 4 : 2)}\" fill=\"{color}\"/><text x=\"{left + plotW + 30}\" y=\"{ly + 5}\">{Esc(name)}</text>");
        }
        return End(svg);
    }

    /// <summary>Grouped bars: one group per category, one bar per series; missing values are left blank.</summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, int width = 720, int height = 320)
    {
        const int left = 56, right = 170, top = 30, bottom = 56;
        var finite = series.SelectMany(s => s.Values).Where(double.IsFinite).ToList();
        // A bar's length is its value: bars start at 0 (a scale from 0.4 makes 0.6 look three times 0.5),
        // and scores in [0, 1] get the whole of [0, 1].
        var (lo, hi) = finite.Count > 0 && finite.All(v => v is >= 0 and <= 1) ? (0.0, 1.0) : Range([.. finite.Append(0)]);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double Y(double v) => top + Inset + (plotH - Inset) * (1 - (v - lo) / (hi - lo));
        var groupW = plotW / (double)Math.Max(1, categories.Count);
        var barW = groupW * 0.8 / Math.Max(1, series.Count);

        var svg = Begin(title, width, height);
        Axes(svg, left, top, plotW, plotH, lo, hi, Y);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + plotH / 2}\" transform=\"rotate(-90 14 {top + plotH / 2})\" text-anchor=\"middle\">{Esc(yLabel)}</text>");
        for (var c = 0; c < categories.Count; c++)
        {
            var gx = left + c * groupW + groupW * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                var v = series[s].Values[c];
                if (!double.IsFinite(v)) continue;
                var y = Y(v);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{gx + s * barW:F1}\" y=\"{y:F1}\" width=\"{barW * 0.92:F1}\" height=\"{top + plotH - y:F1}\" fill=\"{Palette[s % Palette.Length]}\"><title>{Esc(series[s].Name)} · {Esc(categories[c])}: {v:F3}</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + c * groupW + groupW / 2:F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{Esc(categories[c])}</text>");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var ly = top + 4 + s * 16;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + plotW + 12}\" y=\"{ly}\" width=\"12\" height=\"10\" fill=\"{Palette[s % Palette.Length]}\"/><text x=\"{left + plotW + 30}\" y=\"{ly + 9}\">{Esc(series[s].Name)}</text>");
        }
        return End(svg);
    }

    /// <summary>
    /// A reliability diagram: for each series, observed rate against mean predicted probability per
    /// bin (dot area grows with the bin's count), with the diagonal of perfect calibration.
    /// </summary>
    public static string Calibration(string title, IReadOnlyList<(string Name, IReadOnlyList<(double Predicted, double Observed, int Count)> Bins)> series, int size = 320)
    {
        const int left = 56, right = 170, top = 30, bottom = 40;
        var width = size + left + right;
        var height = size + top + bottom;
        double X(double v) => left + size * v;
        double Y(double v) => top + size * (1 - v);

        var svg = Begin(title, width, height);
        Axes(svg, left, top, size, size, 0, 1, Y);
        for (var k = 0; k <= 5; k++)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(k / 5.0):F1}\" y=\"{top + size + 16}\" text-anchor=\"middle\">{k / 5.0:0.0}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + size / 2}\" y=\"{height - 6}\" text-anchor=\"middle\">mean predicted probability</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + size / 2}\" transform=\"rotate(-90 14 {top + size / 2})\" text-anchor=\"middle\">observed rate</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>");
        var maxCount = Math.Max(1, series.SelectMany(s => s.Bins).Select(b => b.Count).DefaultIfEmpty(1).Max());
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var bins = series[s].Bins;
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{string.Join(" ", bins.Select(b => string.Create(CultureInfo.InvariantCulture, $"{X(b.Predicted):F1},{Y(b.Observed):F1}")))}\"/>");
            foreach (var b in bins)
            {
                var r = 2 + 5 * Math.Sqrt(b.Count / (double)maxCount);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(b.Predicted):F1}\" cy=\"{Y(b.Observed):F1}\" r=\"{r:F1}\" fill=\"{color}\" fill-opacity=\"0.7\"><title>{Esc(series[s].Name)}: predicted {b.Predicted:F2}, observed {b.Observed:F2}, {b.Count} rows</title></circle>");
            }
            var ly = top + 4 + s * 16;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + size + 12}\" y=\"{ly}\" width=\"12\" height=\"10\" fill=\"{color}\"/><text x=\"{left + size + 30}\" y=\"{ly + 9}\">{Esc(series[s].Name)}</text>");
        }
        return End(svg);
    }

    /// <summary>The indices of each maximal run of finite values.</summary>
    private static List<List<int>> Runs(IReadOnlyList<double> values)
    {
        var runs = new List<List<int>>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i])) continue;
            if (i == 0 || !double.IsFinite(values[i - 1])) runs.Add([]);
            runs[^1].Add(i);
        }
        return runs;
    }

    private static (double Lo, double Hi) Range(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (0, 1);
        var min = values.Min();
        var max = values.Max();
        var pad = Math.Max(0.02, (max - min) * 0.08);
        var step = NiceStep((max - min + 2 * pad) / 5);
        var lo = Math.Floor((min - pad) / step) * step;
        var hi = Math.Ceiling((max + pad) / step) * step;
        // Probabilities and scores such as AUROC live in [0, 1]: never draw an axis past 1.
        if (min >= 0 && max <= 1) (lo, hi) = (Math.Max(0, lo), Math.Min(1, hi));
        return hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5);
    }

    /// <summary>The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 0.1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * power >= raw - 1e-12) return m * power;
        }
        return 10 * power;
    }

    private static StringBuilder Begin(string title, int width, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Esc(title)}</text>");
        return svg;
    }

    private static void Axes(StringBuilder svg, int left, int top, int plotW, int plotH, double lo, double hi, Func<double, double> y)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#999\"/>");
        var step = NiceStep((hi - lo) / 5);
        for (var v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{y(v):F1}\" y2=\"{y(v):F1}\" stroke=\"#e3e3e3\"/><text x=\"{left - 4}\" y=\"{y(v) + 4:F1}\" text-anchor=\"end\">{(Math.Abs(v) < 1e-9 ? 0 : v):0.0#}</text>");
        }
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
