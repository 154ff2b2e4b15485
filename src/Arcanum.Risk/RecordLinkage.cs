using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>
/// A linkage attack: match each released record to an external table (a voter list) on columns both hold, by exact
/// equality of the text. A released record that matches exactly one external record is re-identified. Generalised
/// values ("30-39", "*") match only external records written the same way, so a generalised release is measured
/// against an external table at the attacker's own granularity.
/// </summary>
public static class RecordLinkage
{
    /// <exception cref="RiskInputException">A linking column is missing from either table.</exception>
    public static LinkageCounts Match(DataTable release, DataTable external, IReadOnlyList<string> on)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(on);
        if (on.Count == 0) throw new RiskInputException("Name at least one column to link on (--on age,sex,zip3).");
        var classes = EquivalenceClasses.Group(release, on);
        var matches = classes.SizesIn(EquivalenceClasses.Group(external, on));
        int unique = 0, none = 0, several = 0;
        for (var row = 0; row < classes.RecordCount; row++)
        {
            switch (matches[classes.ClassOf(row)])
            {
                case 0: none++; break;
                case 1: unique++; break;
                default: several++; break;
            }
        }
        return new LinkageCounts(classes.RecordCount, unique, none, several);
    }
}
