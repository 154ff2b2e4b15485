using System.Globalization;
using System.Text.Json;
using Arcanum.Risk.Reports;

namespace Arcanum.Deid.Tables;

/// <summary>
/// <c>report.html</c> and <c>deid-summary.json</c> for a privacy officer: per column what was removed or
/// transformed (counts only), risk before and after, and the verdict in plain words. The page is the risk report's
/// (<see cref="RiskHtml"/>), so both commands' reports look and read alike.
/// </summary>
public static class DeidTableReport
{
    public static string Html(TableDeidResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var columns = result.Columns;
        var dropped = columns.Count(c => c.Treatment == "drop");
        var kept = columns.Count(c => c.Treatment == "keep");
        var summary = new List<string>
        {
            F($"{result.Records:N0} records of {result.Input} were de-identified with policy {result.Policy} into ")
                + F($"{result.Output}: {dropped} column(s) dropped, {columns.Count - dropped - kept} transformed, ")
                + F($"{kept} kept unchanged."),
        };
        if (kept > 0)
            summary.Add("Kept columns were not checked for identifiers: whoever wrote the policy vouches for them.");
        if (columns.Any(c => c.Treatment == "date (shift)"))
            summary.Add("Shifted dates are not HIPAA Safe Harbor (only the year of a date may remain): a release "
                + "with them relies on Expert Determination or a limited data set agreement.");
        var rows = columns.Select(c => (IReadOnlyList<string>)
        [
            c.Column, c.Treatment, c.QuasiIdentifier ? "yes" : "no", F($"{c.Present:N0}"), F($"{c.Missing:N0}"),
            F($"{c.Changed:N0}"), c.Detail,
        ]).ToArray();
        var table = new ReportTable("What was done to each column",
            ["column", "treatment", "quasi-identifier", "values", "missing", "changed", "detail"], rows,
            "Counts only: no value from the table appears in this report.");
        return RiskHtml.Render(new BeforeAfterReport
        {
            Title = $"De-identification of {result.Input}",
            Summary = summary,
            Tables = [table],
            Before = result.RiskBefore,
            After = result.RiskAfter,
            RiskNote = result.RiskNote,
        });
    }

    public static string Json(TableDeidResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, RiskJson.Options);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
