using System.Globalization;
using System.Net;
using System.Text;

namespace Arcanum.Synthesis.Evaluation.Report;

/// <summary>
/// Inline-SVG charts for the self-contained evaluation report: no scripts, fonts or links, so it opens
/// the same offline. Every text is HTML-encoded here; callers pass raw strings.
/// </summary>
internal static class Svg
{
    public const string RealColor = "#1f77b4";
    public const string SyntheticColor = "#ff7f0e";

    /// <summary>
    /// Shares per bar for two or more series. <paramref name="overlay"/> (histograms): the first series as bars, the
    /// others as step lines over them, the axis ends labelled with <paramref name="range"/>. Otherwise (levels): bars
    /// side by side, every label printed slanted and shortened. A bar's tooltip gives every series' share.
    /// </summary>
    public static string Distribution(string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, string Color, IReadOnlyList<double> Shares)> series, bool overlay, (string Low, string High)? range, int width = 340, int height = 210)
    {
        var bottom = overlay ? 34 : 64;
        const int left = 40, right = 8, top = 34;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        // The axis ends at a round share above the tallest bar, so no bar or line runs into the frame.
        var max = AxisTop(series.SelectMany(s => s.Shares).DefaultIfEmpty(0).Max());
        double Y(double share) => top + plotH - plotH * share / max;
        var svg = Begin(title, width, height);
        svg.Append(Invariant($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#bbb\"/>"));
        for (var t = 0; t <= 2; t++)
            svg.Append(Invariant($"<text x=\"{left - 3}\" y=\"{Y(max * t / 2) + 3:F0}\" text-anchor=\"end\">{Percent.Of(max * t / 2, 0)}</text>"));
        var slot = plotW / (double)Math.Max(1, labels.Count);
        var barSeries = overlay ? 1 : series.Count;
        for (var i = 0; i < labels.Count; i++)
        {
            var tip = $"{E(labels[i])}: {string.Join(", ", series.Select(s => $"{E(s.Name)} {Percent.Of(s.Shares[i])}"))}";
            for (var s = 0; s < barSeries; s++)
            {
                var share = series[s].Shares[i];
                var barW = overlay ? slot * 0.92 : slot * 0.85 / series.Count;
                var x = left + i * slot + (overlay ? slot * 0.04 : slot * 0.075 + s * barW);
                svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Y(share):F1}\" width=\"{Math.Max(0.5, barW):F1}\" height=\"{top + plotH - Y(share):F1}\" fill=\"{series[s].Color}\"{(overlay ? " fill-opacity=\"0.6\"" : "")}><title>{tip}</title></rect>"));
            }
            if (!overlay)
            {
                var cx = left + (i + 0.5) * slot;
                svg.Append(Invariant($"<text x=\"{cx:F1}\" y=\"{top + plotH + 10}\" text-anchor=\"end\" transform=\"rotate(-40 {cx:F1} {top + plotH + 10})\">{E(Shorten(labels[i], 14))}</text>"));
            }
        }
        for (var s = barSeries; s < series.Count; s++)
        {
            var points = new StringBuilder();
            for (var i = 0; i < labels.Count; i++)
                points.Append(Invariant($"{left + i * slot:F1},{Y(series[s].Shares[i]):F1} {left + (i + 1) * slot:F1},{Y(series[s].Shares[i]):F1} "));
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{series[s].Color}\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"/>"));
        }
        if (overlay && range is { } r)
        {
            svg.Append(Invariant($"<text x=\"{left}\" y=\"{top + plotH + 13}\">{E(r.Low)}</text>"));
            svg.Append(Invariant($"<text x=\"{left + plotW}\" y=\"{top + plotH + 13}\" text-anchor=\"end\">{E(r.High)}</text>"));
        }
        Legend(svg, [.. series.Select((s, k) => (s.Name, s.Color, Line: k >= barSeries))], left + plotW, 28);
        return End(svg);
    }

    /// <summary>
    /// A share axis's top: the smallest of 1, 2, 3, 4, 5, 6 or 8 × 10^k (halves of which are round too) that leaves
    /// at least 5% headroom above <paramref name="max"/>; at most 100%.
    /// </summary>
    internal static double AxisTop(double max)
    {
        if (!(max > 0)) return 1;
        var wanted = Math.Min(1, max * 1.05);
        var power = Math.Pow(10, Math.Floor(Math.Log10(wanted)));
        foreach (var step in new[] { 1, 2, 3, 4, 5, 6, 8, 10 })
        {
            if (step * power >= wanted - 1e-12) return Math.Min(1, step * power);
        }
        return 1;
    }

    /// <summary>
    /// The lower triangle of a symmetric matrix (row i &gt; column j), with a colour scale below it.
    /// <paramref name="signed"/>: values in [-1, 1], blue negative to red positive; otherwise [0, <paramref name="full"/>]
    /// white to red, saturated from <paramref name="full"/> up. Null cells (undefined) are grey. Large cells print their value.
    /// </summary>
    public static string Heatmap(string title, IReadOnlyList<string> names, Func<int, int, double?> value, bool signed, double full = 1)
    {
        var n = names.Count;
        var cell = Math.Clamp(480 / Math.Max(1, n - 1), 8, 32);
        var labelW = Math.Min(130, 12 + 6 * names.Select(x => Math.Min(20, x.Length)).DefaultIfEmpty(1).Max());
        const int top = 28;
        var left = labelW;
        var gridW = Math.Max(1, n - 1) * cell;
        var width = left + gridW + 20;
        var scaleTop = top + gridW + labelW + 8;
        var height = scaleTop + 40;
        var svg = Begin(title, Math.Max(width, 300), height);
        for (var i = 1; i < n; i++)
        {
            var y = top + (i - 1) * cell;
            svg.Append(Invariant($"<text x=\"{left - 3}\" y=\"{y + cell / 2.0 + 3:F1}\" text-anchor=\"end\">{E(Shorten(names[i], 20))}</text>"));
            for (var j = 0; j < i; j++)
            {
                var v = value(i, j);
                var color = v is { } x ? (signed ? Diverging(x) : Sequential(x / full)) : "#e0e0e0";
                var text = v is { } t ? t.ToString("0.00", CultureInfo.InvariantCulture) : "undefined";
                svg.Append(Invariant($"<rect x=\"{left + j * cell}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{color}\"><title>{E(names[i])} × {E(names[j])}: {text}</title></rect>"));
                if (v is { } shown && cell >= 26)
                {
                    var ink = (signed ? Math.Abs(shown) : shown / full) > 0.6 ? "#fff" : "#222";
                    svg.Append(Invariant($"<text x=\"{left + j * cell + cell / 2.0:F1}\" y=\"{y + cell / 2.0 + 3:F1}\" text-anchor=\"middle\" font-size=\"8\" fill=\"{ink}\" pointer-events=\"none\">{shown:0.00}</text>"));
                }
            }
        }
        for (var j = 0; j < n - 1; j++)
        {
            var x = left + j * cell + cell / 2.0;
            var y = top + gridW + 4;
            svg.Append(Invariant($"<text x=\"{x:F1}\" y=\"{y}\" text-anchor=\"end\" transform=\"rotate(-60 {x:F1} {y})\">{E(Shorten(names[j], 20))}</text>"));
        }
        Scale(svg, signed, full, scaleTop);
        return End(svg);
    }

    /// <summary>The colour bar: 40 strips through the same colour function the cells use, with labelled ticks.</summary>
    private static void Scale(StringBuilder svg, bool signed, double full, int y)
    {
        const int x0 = 8, barW = 200, barH = 10, strips = 40;
        var low = signed ? -1 : 0;
        var high = signed ? 1 : full;
        svg.Append("<g aria-label=\"colour scale\">");
        for (var k = 0; k < strips; k++)
        {
            var v = low + (high - low) * (k + 0.5) / strips;
            svg.Append(Invariant($"<rect x=\"{x0 + k * barW / (double)strips:F1}\" y=\"{y}\" width=\"{barW / (double)strips + 0.3:F1}\" height=\"{barH}\" fill=\"{(signed ? Diverging(v) : Sequential(v / full))}\"/>"));
        }
        svg.Append(Invariant($"<rect x=\"{x0}\" y=\"{y}\" width=\"{barW}\" height=\"{barH}\" fill=\"none\" stroke=\"#999\"/>"));
        double[] ticks = signed ? [-1, -0.5, 0, 0.5, 1] : [0, full / 2, full];
        foreach (var t in ticks)
        {
            var tx = x0 + barW * (t - low) / (high - low);
            var label = !signed && t == full ? Invariant($"≥ {t:0.##}") : t.ToString("0.##", CultureInfo.InvariantCulture).Replace('-', '−');
            svg.Append(Invariant($"<line x1=\"{tx:F1}\" x2=\"{tx:F1}\" y1=\"{y + barH}\" y2=\"{y + barH + 3}\" stroke=\"#999\"/>"));
            svg.Append(Invariant($"<text x=\"{tx:F1}\" y=\"{y + barH + 13}\" text-anchor=\"middle\">{E(label)}</text>"));
        }
        svg.Append(Invariant($"<rect x=\"{x0 + barW + 14}\" y=\"{y}\" width=\"{barH}\" height=\"{barH}\" fill=\"#e0e0e0\"/><text x=\"{x0 + barW + 28}\" y=\"{y + 9}\">undefined</text>"));
        svg.Append("</g>");
    }

    /// <summary>
    /// White to blue for negative, white to red for positive values in [-1, 1]. The intensity grows as |v|^0.6, so the
    /// weak-to-moderate correlations typical of clinical data (0.1–0.4) are visibly tinted rather than near white.
    /// </summary>
    private static string Diverging(double v)
    {
        var t = Math.Pow(Math.Clamp(Math.Abs(v), 0, 1), 0.6);
        return v < 0 ? Mix((33, 102, 172), t) : Mix((178, 24, 43), t);
    }

    private static string Sequential(double t) => Mix((178, 24, 43), Math.Clamp(t, 0, 1));

    private static string Mix((int R, int G, int B) color, double t)
    {
        int C(int c) => (int)Math.Round(255 + (c - 255) * t);
        return Invariant($"#{C(color.R):x2}{C(color.G):x2}{C(color.B):x2}");
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Name, string Color, bool Line)> series, int rightEdge, int y)
    {
        var x = rightEdge;
        for (var s = series.Count - 1; s >= 0; s--)
        {
            x -= 8 + 6 * series[s].Name.Length + 14;
            svg.Append(series[s].Line
                ? Invariant($"<line x1=\"{x}\" x2=\"{x + 10}\" y1=\"{y - 4}\" y2=\"{y - 4}\" stroke=\"{series[s].Color}\" stroke-width=\"2\"/>")
                : Invariant($"<rect x=\"{x}\" y=\"{y - 8}\" width=\"10\" height=\"8\" fill=\"{series[s].Color}\"/>"));
            svg.Append(Invariant($"<text x=\"{x + 13}\" y=\"{y}\">{E(series[s].Name)}</text>"));
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static StringBuilder Begin(string title, int width, int height)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\" font-family=\"sans-serif\" font-size=\"10\">"));
        svg.Append(Invariant($"<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{E(Shorten(title, 60))}<title>{E(title)}</title></text>"));
        return svg;
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
