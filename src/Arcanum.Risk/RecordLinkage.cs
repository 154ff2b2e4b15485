using Arcanum.Data.Tables;
using Arcanum.Risk.Anonymization;

namespace Arcanum.Risk;

/// <summary>
/// A linkage attack: match each released record to an external table (a voter list) on columns both hold. A released
/// record that matches exactly one external record is re-identified. A generalised released value covers the
/// external values it stands for (<see cref="GeneralisedValue"/>: "*", "30-39", "021**", "2098-03"), so an anonymised
/// release is measured against an attacker holding exact values, as a real attacker would. With the release's
/// hierarchies, a value also covers every exact value the hierarchy generalises to it ("Undergraduate" covers
/// "Bachelors").
/// </summary>
public static class RecordLinkage
{
    /// <exception cref="RiskInputException">A linking column is missing from either table.</exception>
    public static LinkageCounts Match(DataTable release, DataTable external, IReadOnlyList<string> on,
        IReadOnlyDictionary<string, Hierarchy>? hierarchies = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(on);
        if (on.Count == 0) throw new RiskInputException("Name at least one column to link on (--on age,sex,zip3).");
        var classes = EquivalenceClasses.Group(release, on);
        var outside = EquivalenceClasses.Group(external, on);
        var exactMatches = classes.SizesIn(outside);
        var releaseColumns = on.Select(c => ColumnNames.Require(release, c, "Linking column")).ToArray();
        var externalColumns = on.Select(c => ColumnNames.Require(external, c, "Linking column")).ToArray();
        var levels = on.Select(c => hierarchies?.GetValueOrDefault(c)).ToArray();
        var outsideRows = Representatives(outside);
        var matches = new int[classes.Count];
        var done = new bool[classes.Count];
        int unique = 0, none = 0, several = 0;
        for (var row = 0; row < classes.RecordCount; row++)
        {
            var c = classes.ClassOf(row);
            if (!done[c])
            {
                // Exact values need only the exact lookup; a generalised class scans the outside table's classes.
                var generalised = releaseColumns.Select((column, i) => IsGeneralised(column.RawValue(row), levels[i])).Any(g => g);
                matches[c] = generalised ? Covered(releaseColumns, row, externalColumns, levels, outside, outsideRows) : exactMatches[c];
                done[c] = true;
            }
            switch (matches[c])
            {
                case 0: none++; break;
                case 1: unique++; break;
                default: several++; break;
            }
        }
        return new LinkageCounts(classes.RecordCount, unique, none, several);
    }

    /// <summary>Records of the outside table whose values the released row's values all cover.</summary>
    private static int Covered(Column[] release, int row, Column[] external, Hierarchy?[] levels, EquivalenceClasses outside,
        int[] outsideRows)
    {
        var count = 0;
        for (var c = 0; c < outsideRows.Length; c++)
        {
            var covered = true;
            for (var i = 0; i < release.Length && covered; i++)
                covered = Covers(release[i].RawValue(row), external[i].RawValue(outsideRows[c]), levels[i]);
            if (covered) count += outside.Sizes[c];
        }
        return count;
    }

    /// <summary>A value the hierarchy does not hold as an exact (level-0) value, or one of the generalised forms.</summary>
    private static bool IsGeneralised(string? value, Hierarchy? hierarchy) =>
        GeneralisedValue.IsGeneralised(value) || (hierarchy is not null && value is not null && !hierarchy.Covers(value));

    private static bool Covers(string? released, string? exact, Hierarchy? hierarchy)
    {
        if (GeneralisedValue.Covers(released, exact)) return true;
        if (hierarchy is null || released is null || exact is null || hierarchy.RowOf(exact) is not (>= 0 and var r)) return false;
        for (var level = 1; level < hierarchy.Height; level++)
            if (string.Equals(hierarchy.Generalize(r, level), released, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>One row of each class.</summary>
    private static int[] Representatives(EquivalenceClasses classes)
    {
        var rows = Enumerable.Repeat(-1, classes.Count).ToArray();
        for (var row = 0; row < classes.RecordCount; row++)
            if (rows[classes.ClassOf(row)] < 0) rows[classes.ClassOf(row)] = row;
        return rows;
    }
}
