using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Risk;
using Arcanum.Risk.Anonymization;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum risk link</c>: a linkage attack on a release with an external table (a voter list): how many released
/// records match exactly one external record, none or several, and with --before the same for the original table.
/// Prints counts only; writes nothing.
/// </summary>
internal static class RiskLinkCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var release = new Option<FileInfo>("--release") { Description = "The released table (CSV).", Required = true };
        var external = new Option<FileInfo>("--external")
        {
            Description = "The attacker's table with names, e.g. a voter list (CSV).", Required = true,
        };
        var on = new Option<string>("--on")
        {
            Description = "Comma-separated columns both tables hold, e.g. age,sex,zip3.", Required = true,
        };
        var before = new Option<FileInfo?>("--before")
        {
            Description = "The original table, to show the same counts before anonymisation.",
        };
        var folder = new Option<DirectoryInfo?>("--hierarchies")
        {
            Description = "The release's hierarchy files (ARX format), so a generalised value covers the exact values "
                + "it stands for (\"Undergraduate\" covers \"Bachelors\"); columns without one use the built-in forms "
                + "(*, 30-39, 021**, 2098-03).",
        };
        var command = new Command("link", "Link a release to an external table on shared columns: records " +
            "matching exactly one external record are re-identified.") { release, external, on, before, folder };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var columns = (parse.GetValue(on) ?? "").Split(',', StringSplitOptions.TrimEntries);
            if (columns.Any(string.IsNullOrEmpty))
                throw new RiskInputException("A column name in --on is empty; check for a stray comma.");
            var outside = ReleaseTables.Read(parse.GetValue(external)!.FullName, columns);
            var hierarchies = Hierarchies(parse.GetValue(folder), columns);
            var rows = new List<(string Name, LinkageCounts Counts)>();
            if (parse.GetValue(before) is { } original)
                rows.Add(("before", RecordLinkage.Match(ReleaseTables.Read(original.FullName, columns), outside, columns)));
            rows.Add(("release", RecordLinkage.Match(
                ReleaseTables.Read(parse.GetValue(release)!.FullName, columns), outside, columns, hierarchies)));
            var table = new Table().AddColumns("table", "records", "match exactly one", "match none", "match several");
            foreach (var (name, c) in rows)
            {
                table.AddRow(name, N(c.Records), string.Create(CultureInfo.InvariantCulture,
                    $"{c.Unique:N0} ({c.UniqueShare:0.0%})"), N(c.None), N(c.Several));
            }
            console.Write(table);
        }, e => e is RiskInputException or DataFormatException or FileNotFoundException or ArgumentException));
        return command;
    }

    /// <summary>The hierarchy of each linking column that has a file in the folder (ARX's naming).</summary>
    private static Dictionary<string, Hierarchy> Hierarchies(DirectoryInfo? folder, string[] columns)
    {
        var found = new Dictionary<string, Hierarchy>(StringComparer.Ordinal);
        if (folder is null) return found;
        if (!folder.Exists) throw new RiskInputException($"Hierarchy folder '{folder.FullName}' does not exist.");
        foreach (var column in columns)
        {
            var files = folder.EnumerateFiles("*.csv").Where(f => f.Name == column + ".csv"
                || f.Name.EndsWith("_hierarchy_" + column + ".csv", StringComparison.Ordinal)).ToList();
            if (files.Count > 0) found[column] = HierarchyFiles.Read(HierarchyFiles.Find(folder.FullName, column), column);
        }
        return found;
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
