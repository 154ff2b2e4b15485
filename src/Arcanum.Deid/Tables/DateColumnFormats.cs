namespace Arcanum.Deid.Tables;

/// <summary>
/// The first pass over a table: settles the format of each date column the policy leaves undeclared, as the first
/// of <see cref="DateFormats.Candidates"/> that every value parses with. Reading the whole column first means a day
/// over 12 on line 900 still decides how line 2's 03/04/2020 is read.
/// </summary>
internal static class DateColumnFormats
{
    /// <returns>The format of every date column, by name.</returns>
    /// <exception cref="DeidInputException">A value fits no format the others fit: names column and line.</exception>
    public static Dictionary<string, string> Detect(string input, IReadOnlyList<string> header, TablePolicy policy)
    {
        var formats = new Dictionary<string, string>(StringComparer.Ordinal);
        var open = new List<(int Index, string Name, IReadOnlyList<string> Candidates)>();
        foreach (var column in policy.Columns.Where(c => c.Treatment == Treatment.Date))
        {
            if (column.Format is { } declared) formats[column.Name] = declared;
            else open.Add((IndexOf(header, column.Name), column.Name, DateFormats.Candidates));
        }
        if (open.Count == 0) return formats;
        using (var csv = TableCsv.Open(input))
        {
            foreach (var (cells, line) in csv.Rows())
            {
                for (var i = 0; i < open.Count; i++)
                {
                    var cell = cells[open[i].Index];
                    if (TableCsv.IsMissing(cell)) continue;
                    var narrowed = DateFormats.Narrow(open[i].Candidates, cell!);
                    if (narrowed.Count == 0)
                        throw new DeidInputException($"{Path.GetFileName(input)} line {line}: the value in date "
                            + $"column '{open[i].Name}' is not a date in a format the column's earlier values share "
                            + $"(tried {string.Join(", ", open[i].Candidates)}). Correct or blank it, or declare the "
                            + "column's format: { treatment: date, date: year, format: dd/MM/yyyy }.");
                    open[i] = open[i] with { Candidates = narrowed };
                }
            }
        }
        foreach (var (_, name, candidates) in open) formats[name] = candidates[0];
        return formats;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
            if (string.Equals(header[i], name, StringComparison.Ordinal)) return i;
        throw new InvalidOperationException($"Column '{name}' was checked to be in the header.");
    }
}
