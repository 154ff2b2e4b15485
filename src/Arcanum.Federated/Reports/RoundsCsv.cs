using System.Globalization;
using System.Text;

namespace Arcanum.Federated.Reports;

/// <summary>
/// rounds.csv: one row per round and site (and one for the pooled held-out rows). A site that did
/// not report a round (on a network, it was down) has no row for that round.
/// </summary>
public static class RoundsCsv
{
    public static string Build(StudyReport r)
    {
        var metricNames = r.Rounds.Count > 0 ? r.Rounds[0].Metrics.ToDictionary().Keys.ToList() : [];
        var sb = new StringBuilder();
        sb.Append("round,site,participated,train_samples,train_loss");
        foreach (var m in metricNames) sb.Append(',').Append(m);
        sb.Append(",holdout_rows\n");
        foreach (var row in r.Rounds)
        {
            sb.Append(row.Round.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Quote(row.Site)).Append(',')
              .Append(row.Participated ? "1" : "0").Append(',')
              .Append(row.TrainSamples.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Format(row.TrainLoss));
            var values = row.Metrics.ToDictionary();
            foreach (var m in metricNames) sb.Append(',').Append(Format(values[m]));
            sb.Append(',').Append(row.Metrics.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Format(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
