namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Reads hierarchies in ARX's CSV format (semicolon-separated, one row per value: value;level1;level2;...) and finds
/// the file for each quasi-identifier in a folder the way ARX names them (<c>adult_hierarchy_age.csv</c>) or plainly
/// (<c>age.csv</c>).
/// </summary>
public static class HierarchyFiles
{
    /// <exception cref="RiskInputException">The file is missing, empty or not a hierarchy.</exception>
    public static Hierarchy Read(string path, string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new RiskInputException($"Hierarchy file '{Path.GetFullPath(path)}' for column '{column}' does not exist.");
        var rows = File.ReadLines(path)
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(';'))
            .ToList();
        return new Hierarchy(column, name, rows);
    }

    /// <summary>The hierarchy file for a column in a folder: <c>*_hierarchy_{column}.csv</c> or <c>{column}.csv</c>.
    /// </summary>
    /// <exception cref="RiskInputException">No file, or more than one, matches.</exception>
    public static string Find(string folder, string column)
    {
        if (!Directory.Exists(folder))
            throw new RiskInputException($"Hierarchy folder '{Path.GetFullPath(folder)}' does not exist.");
        var matches = Directory.EnumerateFiles(folder, "*.csv")
            .Where(f =>
            {
                var file = Path.GetFileName(f);
                return file == column + ".csv" || file.EndsWith("_hierarchy_" + column + ".csv", StringComparison.Ordinal);
            })
            .Order(StringComparer.Ordinal)
            .ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new RiskInputException($"No hierarchy for column '{column}' in '{Path.GetFullPath(folder)}': " +
                $"expected {column}.csv or a file ending in _hierarchy_{column}.csv (ARX's naming), or pass " +
                $"--hierarchy {column}=path or a generated one."),
            _ => throw new RiskInputException($"{matches.Length} hierarchy files for column '{column}' in " +
                $"'{Path.GetFullPath(folder)}' ({string.Join(", ", matches.Select(Path.GetFileName))}); keep one."),
        };
    }
}
