namespace Arcanum.Federated.Statistics;

/// <summary>
/// The small-cell rule with protection against subtraction. Each cell carries its value, its private
/// part (what a reader cannot compute from other released numbers) and how many sites withheld their
/// share of it. At a site every cell is wholly private. A global cell's private part is the sum of the
/// shares sites withheld; the rest a reader can add up from the site tables.
/// </summary>
internal static class CellGuard
{
    /// <summary>
    /// Whether a single cell must be withheld: a count in 1..k−1; a private part in 1..k−1 (a reader
    /// would subtract the released site shares and see it); or a private part from a single site
    /// (which would give that site's withheld share back).
    /// </summary>
    public static bool Withhold(Part cell, int k) =>
        (cell.Value > 0 && cell.Value < k)
        || (cell.Private > 0 && cell.Private < k)
        || (cell.Sources == 1 && cell.Private > 0);

    /// <summary>
    /// Decides a set of cells that add up to a released total (missing + histogram bins = rows).
    /// After the single-cell rule, a reader can still compute the sum of the withheld private parts as
    /// total − released; while that sum is in 1..k−1, the released cell with the smallest private part
    /// above 0 is withheld too (cells with no private part would hide nothing). Returns false when that
    /// cannot reach k, in which case the total must be withheld as well.
    /// </summary>
    public static bool WithholdSet(IReadOnlyList<Part> cells, int k, bool[] withheld)
    {
        double hidden = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            withheld[i] = Withhold(cells[i], k);
            if (withheld[i]) hidden += cells[i].Private;
        }
        while (hidden > 0 && hidden < k)
        {
            var next = -1;
            for (var i = 0; i < cells.Count; i++)
            {
                var candidate = !withheld[i] && cells[i].Private > 0;
                if (candidate && (next < 0 || cells[i].Private < cells[next].Private)) next = i;
            }
            if (next < 0) return false;
            withheld[next] = true;
            hidden += cells[next].Private;
        }
        return true;
    }
}
