using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Risk;
using Arcanum.Risk.Anonymization;

namespace Arcanum.Cli;

/// <summary>One hierarchy per quasi-identifier from <c>arcanum anonymize</c>'s options: a generated one, a
/// --hierarchy file, or the column's file in --hierarchies, in that order.</summary>
internal static class HierarchyOptions
{
    public static Hierarchy[] Resolve(DataTable table, IReadOnlyList<string> qis, DirectoryInfo? folder,
        string[] pairs, string[] intervals, string[] zips, string[] dates)
    {
        var files = Pairs(pairs, "--hierarchy");
        var widths = Pairs(intervals, "--interval");
        return qis.Select(q =>
        {
            IEnumerable<string> Values() => table.Contains(q)
                ? Enumerable.Range(0, table.RowCount).Select(r => table[q].RawValue(r) ?? "")
                : throw new RiskInputException($"Quasi-identifier '{q}' is not a column of the table.");
            if (widths.TryGetValue(q, out var w))
                return GeneratedHierarchies.Interval(q, Values(), w.Split(',').Select(x => long.TryParse(x,
                    NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                    : throw new RiskInputException($"--interval {q}= takes whole-number widths, e.g. 5,10,20.")).ToArray());
            if (zips.Contains(q)) return GeneratedHierarchies.Zip(q, Values());
            if (dates.Contains(q)) return GeneratedHierarchies.Date(q, Values());
            if (files.TryGetValue(q, out var path)) return HierarchyFiles.Read(path, q);
            if (folder is null)
                throw new RiskInputException($"No hierarchy for '{q}': give --hierarchies, --hierarchy {q}=path, " +
                    $"--interval {q}=5,10,20, --zip {q} or --date {q}.");
            return HierarchyFiles.Read(HierarchyFiles.Find(folder.FullName, q), q);
        }).ToArray();
    }

    private static Dictionary<string, string> Pairs(string[] pairs, string option)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || at == pair.Length - 1 || !map.TryAdd(pair[..at], pair[(at + 1)..]))
                throw new RiskInputException($"{option} takes COLUMN=VALUE once per column, e.g. {option} age=...");
        }
        return map;
    }
}
