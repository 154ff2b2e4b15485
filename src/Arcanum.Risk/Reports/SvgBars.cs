using System.Globalization;
using System.Net;
using System.Text;

namespace Arcanum.Risk.Reports;

/// <summary>A horizontal bar chart as inline SVG (no scripts, no external assets), one labelled bar per row.</summary>
internal static class SvgBars
{
    private const int LabelWidth = 190, BarWidth = 380, RowHeight = 24;

    /// <param name="rows">Label, share in [0, 1] (bar length) and the text printed after the bar.</param>
    /// <param name="color">The bars' fill colour.</param>
    public static string Render(IReadOnlyList<(string Label, double Share, string Text)> rows, string color)
    {
        var height = rows.Count * RowHeight + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" ")
            .Append(CultureInfo.InvariantCulture, $"width=\"{LabelWidth + BarWidth + 170}\" height=\"{height}\" ")
            .Append("role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, share, text) = rows[i];
            var y = i * RowHeight + 2;
            var width = Math.Max(share > 0 ? 1 : 0, Math.Clamp(share, 0, 1) * BarWidth);
            var inv = CultureInfo.InvariantCulture;
            svg.Append(inv, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">")
                .Append(WebUtility.HtmlEncode(label)).Append("</text>");
            svg.Append(inv, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{BarWidth}\" height=\"{RowHeight - 6}\" ")
                .Append("fill=\"#eee\"/>");
            svg.Append(inv, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width:0.#}\" height=\"{RowHeight - 6}\" ")
                .Append(inv, $"fill=\"{color}\"/>");
            svg.Append(inv, $"<text x=\"{LabelWidth + BarWidth + 8}\" y=\"{y + 16}\">")
                .Append(WebUtility.HtmlEncode(text)).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
