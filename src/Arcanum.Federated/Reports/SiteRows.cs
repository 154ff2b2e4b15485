using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>How many rows a site trains on and holds out, and its held-out rows per class (in the study's class order).</summary>
public sealed record SiteRows(int Train, int Holdout, IReadOnlyList<int> HoldoutByClass)
{
    public int Total => Train + Holdout;

    public static SiteRows FromSiteData(SiteData site, int classCount) => new(
        site.Train.Count,
        site.Holdout.Count,
        [.. Enumerable.Range(0, classCount).Select(c => site.Holdout.Labels.Count(y => y == c))]);
}
