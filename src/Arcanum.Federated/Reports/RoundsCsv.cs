using System.Globalization;
using System.Text;

namespace Arcanum.Federated.Reports;

/// <summary>
/// rounds.csv: one row per round and site, and one for the pooled held-out rows. Columns:
/// <c>trained</c>, how many of the row's sites had their update in the round's model (0 or 1 for a
/// site, the count for the pool); <c>evaluated</c>, how many of the row's sites evaluated the
/// round's model on their held-out rows (the pool's metrics are over exactly those sites);
/// <c>train_samples</c> and <c>train_loss</c> of the sites that trained; the metrics of the round's
/// model (empty when not evaluated); <c>holdout_rows</c> the metrics are computed over. A site with
/// no record for a round (on a network, it was down) has no row for it. A DP study adds
/// <c>epsilon</c>: what the site had spent by the end of the round (for the pool, the most any site had).
/// </summary>
public static class RoundsCsv
{
    public static string Build(StudyReport r)
    {
        var metricNames = r.Rounds.Count > 0 ? r.Rounds[0].Metrics.ToDictionary().Keys.ToList() : [];
        var sites = r.Rounds.Where(x => x.Site != StudyReport.PooledSiteName).ToLookup(x => x.Round);
        var sb = new StringBuilder();
        sb.Append("round,site,trained,evaluated,train_samples,train_loss");
        foreach (var m in metricNames) sb.Append(',').Append(m);
        var dp = r.Job.Dp is not null || r.Job.ClientDp is not null;
        sb.Append(dp ? ",holdout_rows,epsilon\n" : ",holdout_rows\n");
        foreach (var row in r.Rounds)
        {
            var pooled = row.Site == StudyReport.PooledSiteName;
            var trained = pooled ? sites[row.Round].Count(x => x.Trained) : row.Trained ? 1 : 0;
            var evaluated = pooled ? sites[row.Round].Count(x => x.Evaluated) : row.Evaluated ? 1 : 0;
            sb.Append(row.Round.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Quote(row.Site)).Append(',')
              .Append(trained.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(evaluated.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(row.TrainSamples.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Format(row.TrainLoss));
            var values = row.Metrics.ToDictionary();
            foreach (var m in metricNames) sb.Append(',').Append(row.Evaluated ? Format(values[m]) : "");
            sb.Append(',').Append(row.Metrics.Count.ToString(CultureInfo.InvariantCulture));
            if (dp) sb.Append(',').Append(Format(row.Epsilon));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Format(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
