using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>
/// Checks that named columns exist and, when one does not, suggests the nearest name (a typo is the usual cause). It never
/// lists the header: in a file without one the "names" are the first record's values, which must not reach an error.
/// </summary>
internal static class ColumnNames
{
    public static Column Require(DataTable table, string name, string role)
    {
        if (table.Contains(name)) return table[name];
        var names = table.Columns.Select(c => c.Name).ToArray();
        var nearest = names.MinBy(n => Distance(n.ToLowerInvariant(), name.ToLowerInvariant()));
        // Only a near typo is suggested (one edit, two for long names): a looser match could be a data value standing where the
        // header should be.
        var close = nearest is not null && Distance(nearest.ToLowerInvariant(), name.ToLowerInvariant()) <= (name.Length >= 6 ? 2 : 1);
        var hint = close ? $" Did you mean '{nearest}'?" : "";
        var file = Path.GetFileName(table.Source ?? "the table");
        throw new RiskInputException(
            $"{role} '{name}' is not a column of {file} ({names.Length} columns).{hint} Its first line must name the columns; " +
            "if it holds data, add a header line.");
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost one.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
