namespace Arcanum.Risk.Anonymization;

/// <summary>
/// A generalisation hierarchy for one quasi-identifier, as ARX stores it: one row per original value, holding the
/// value and its generalisation at each level (level 0 is the value itself, the last level usually "*"). Every row
/// has the same number of levels, and a coarser level never splits what a finer level groups, so generalising one
/// step further can only merge equivalence classes (what makes k-anonymity monotonic over the lattice).
/// Holds values from the data's domain, so <see cref="ToString"/> shows the column, source and shape only.
/// </summary>
public sealed class Hierarchy
{
    private readonly string[][] _rows;
    private readonly Dictionary<string, int> _rowOf;

    /// <exception cref="RiskInputException">The rows do not form a hierarchy; the message names the source and the
    /// line, never a value.</exception>
    public Hierarchy(string column, string source, IReadOnlyList<string[]> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        ArgumentNullException.ThrowIfNull(rows);
        Column = column;
        Source = source;
        if (rows.Count == 0)
            throw new RiskInputException($"Hierarchy {source} for column '{column}' has no rows.");
        Height = rows[0].Length;
        _rows = new string[rows.Count][];
        _rowOf = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != Height)
                throw new RiskInputException($"Hierarchy {source} for column '{column}' has inconsistent heights: " +
                    $"line {r + 1} has {rows[r].Length} levels but line 1 has {Height}; every value needs a " +
                    "generalisation at every level.");
            if (!_rowOf.TryAdd(rows[r][0], r))
                throw new RiskInputException(
                    $"Hierarchy {source} for column '{column}' lists the value on line {r + 1} twice.");
            _rows[r] = rows[r];
        }
        CheckNested();
    }

    public string Column { get; }

    /// <summary>Where the hierarchy came from (a file name or "generated"), for error messages.</summary>
    public string Source { get; }

    /// <summary>Levels including the original values: generalisation levels run from 0 to Height - 1.</summary>
    public int Height { get; }

    /// <summary>Original values the hierarchy lists (ARX's domain size for the loss metric).</summary>
    public int DomainSize => _rows.Length;

    public bool Covers(string value) => _rowOf.ContainsKey(value);

    /// <summary>The hierarchy row of a value (index for <see cref="Generalize"/> and <see cref="Shares"/>).</summary>
    public int RowOf(string value) => _rowOf.TryGetValue(value, out var r) ? r : -1;

    public string Generalize(int row, int level) => _rows[row][level];

    /// <summary>
    /// The share of the domain a row's value covers at a level: hierarchy rows with the same generalised value over
    /// all rows (1/domain at level 0, 1 for "*"). ARX's Loss metric charges a record this much per attribute.
    /// </summary>
    public double[] Shares(int level)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in _rows) counts[row[level]] = counts.GetValueOrDefault(row[level]) + 1;
        return _rows.Select(row => counts[row[level]] / (double)_rows.Length).ToArray();
    }

    private void CheckNested()
    {
        for (var level = 1; level + 1 < Height; level++)
        {
            var parent = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var r = 0; r < _rows.Length; r++)
            {
                if (parent.TryGetValue(_rows[r][level], out var up) && up != _rows[r][level + 1])
                    throw new RiskInputException($"Hierarchy {Source} for column '{Column}' is not a hierarchy: on " +
                        $"line {r + 1} level {level + 1} splits a group that level {level} formed; each group must " +
                        "generalise to one value at the next level.");
                parent[_rows[r][level]] = _rows[r][level + 1];
            }
        }
    }

    public override string ToString() => $"hierarchy for {Column} from {Source}: {DomainSize} values, {Height} levels";
}
