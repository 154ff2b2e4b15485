using System.Globalization;
using System.Text;

namespace Arcanum.Federated.Statistics;

/// <summary>Plain-text tables of a <see cref="StatisticsReport"/> for the command line: one block per source.</summary>
public static class StatisticsText
{
    public static string Render(StatisticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var table in report.Sites.Append(report.Global)) Append(text, table, report.Query);
        return text.ToString();
    }

    private static void Append(StringBuilder text, StatisticsTable table, StatisticsQuery query)
    {
        var privacy = table.EpsilonSpent > 0
            ? Invariant($"noise ε = {table.EpsilonSpent:G3}")
            : "no noise";
        text.Append(Invariant($"{table.Source} (cells below {table.MinCellCount} withheld; {privacy})\n"));
        string[] header = ["group", "column", "rows", "count", "missing", "mean", "variance",
            .. query.QuantilesWanted.Select(p => "q" + (p * 100).ToString("0.##", CultureInfo.InvariantCulture))];
        var lines = new List<string[]> { header };
        foreach (var r in table.Rows)
        {
            lines.Add([r.Group, r.Column, r.Rows.Format(), r.Count.Format(), r.Missing.Format(),
                r.Mean.Format(), r.Variance.Format(), .. r.Quantiles.Select(Quantile)]);
        }
        var widths = Enumerable.Range(0, header.Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        foreach (var line in lines)
        {
            var padded = line.Select((cell, i) => cell.PadRight(widths[i]));
            text.Append("  ").Append(string.Join("  ", padded).TrimEnd()).Append('\n');
        }
        var width = query.Columns.Select(c => query.RangeOf(c)).Select(r => r.Width / query.Bins);
        text.Append("  quantiles: bin midpoints, within half a bin (")
            .AppendJoin(", ", query.Columns.Zip(width, (c, w) => Invariant($"{c} ±{w / 2:G3}")))
            .Append("); * = end bin, may hold clamped values\n");
        foreach (var note in table.Notes) text.Append("  note: ").Append(note).Append('\n');
        text.Append('\n');
    }

    private static string Quantile(QuantileEstimate q) =>
        q.Value.Format() + (q.AtRangeEnd && q.Value.IsReleased ? "*" : "");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
