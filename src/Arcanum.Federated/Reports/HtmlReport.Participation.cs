using System.Globalization;
using System.Text;

namespace Arcanum.Federated.Reports;

/// <summary>The report's participation section: which sites missed which rounds, and where the pooled line's sites change.</summary>
public static partial class HtmlReport
{
    private static void AppendParticipation(StringBuilder html, StudyReport r, Participation p, string pooledName)
    {
        if (p.Rounds == 0) return;
        html.Append("<h2>Participation</h2>");
        if (!p.AnyMissed)
        {
            html.Append("<p class=\"note\">").Append(E($"Every site trained in and evaluated every round ({p.Rounds}).")).Append("</p>");
            return;
        }
        var sampled = r.Job.Fraction < 1
            ? $" With fraction {r.Job.Fraction.ToString(CultureInfo.InvariantCulture)}, each round trains a sample of the sites; a site left out still evaluates the round's model."
            : "";
        html.Append("<p>").Append(E($"Not every site took part in every round.{sampled}")).Append("</p>");
        html.Append("<table><thead><tr><th>site</th><th>did not train in rounds</th><th>did not evaluate rounds</th></tr></thead><tbody>");
        foreach (var site in r.SiteNames)
        {
            var notTrained = p.NotTrained[site];
            var notEvaluated = p.NotEvaluated[site];
            if (notTrained.Count == 0 && notEvaluated.Count == 0) continue;
            html.Append("<tr><td>").Append(E(site)).Append("</td><td>").Append(E(RoundsOrNone(notTrained))).Append("</td><td>")
                .Append(E(RoundsOrNone(notEvaluated))).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        if (!p.PooledSetChanges) return;
        var spans = p.PooledSets.Select((set, i) =>
        {
            var (first, last) = p.Span(i);
            var rounds = first == last ? $"round {first}" : $"rounds {first}–{last}";
            var missing = r.SiteNames.Except(set.Sites).ToList();
            return $"{rounds}: {(set.Sites.Count == 0 ? "no site" : string.Join(", ", set.Sites))}{(missing.Count > 0 ? $" (without {string.Join(", ", missing)})" : "")}";
        });
        html.Append("<p class=\"note\">").Append(E($"\"{pooledName}\" in the per-round chart is over different sites in different rounds, so a step in it can be a change of sites rather than of the model; dashed lines mark the changes. {string.Join("; ", spans)}.")).Append("</p>");
    }

    private static string RoundsOrNone(IReadOnlyList<int> rounds) => rounds.Count == 0 ? "none" : Participation.Ranges(rounds);
}
