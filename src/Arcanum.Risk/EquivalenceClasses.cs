using System.Text;
using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>
/// The records of a table grouped by their quasi-identifier values: every record in a class looks the same to an
/// attacker who knows those values. A missing value is a value of its own (an attacker sees the blank too).
/// Holds grouping keys built from patient data, so <see cref="ToString"/> shows counts only.
/// </summary>
public sealed class EquivalenceClasses
{
    private readonly string[] _keys;
    private readonly int[] _classOfRow;
    private readonly Dictionary<string, int> _byKey;

    private EquivalenceClasses(string[] keys, int[] sizes, int[] classOfRow, Dictionary<string, int> byKey)
    {
        _keys = keys;
        Sizes = sizes;
        _classOfRow = classOfRow;
        _byKey = byKey;
    }

    /// <summary>The number of records in each class, in order of first appearance.</summary>
    public IReadOnlyList<int> Sizes { get; }

    public int Count => Sizes.Count;

    public int RecordCount => _classOfRow.Length;

    /// <summary>The class a record belongs to (an index into <see cref="Sizes"/>).</summary>
    public int ClassOf(int row) => _classOfRow[row];

    /// <exception cref="RiskInputException">A column is not in the table.</exception>
    public static EquivalenceClasses Group(DataTable table, IReadOnlyList<string> quasiIdentifiers)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(quasiIdentifiers);
        var columns = quasiIdentifiers.Select(q => ColumnNames.Require(table, q, "Quasi-identifier")).ToArray();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var sizes = new List<int>();
        var classOfRow = new int[table.RowCount];
        var key = new StringBuilder();
        for (var row = 0; row < classOfRow.Length; row++)
        {
            key.Clear();
            foreach (var column in columns)
            {
                // Length-prefixed so that no two different tuples can give the same key.
                var value = column.RawValue(row);
                if (value is null) key.Append('-');
                else key.Append(value.Length).Append(':').Append(value);
                key.Append('|');
            }
            var text = key.ToString();
            if (!byKey.TryGetValue(text, out var index))
            {
                index = keys.Count;
                byKey.Add(text, index);
                keys.Add(text);
                sizes.Add(0);
            }
            sizes[index]++;
            classOfRow[row] = index;
        }
        return new EquivalenceClasses([.. keys], [.. sizes], classOfRow, byKey);
    }

    /// <summary>
    /// The size of each of this table's classes in a larger table grouped the same way (its population);
    /// 0 where the population has no such class.
    /// </summary>
    public int[] SizesIn(EquivalenceClasses population)
    {
        ArgumentNullException.ThrowIfNull(population);
        var sizes = new int[Count];
        for (var c = 0; c < sizes.Length; c++)
            sizes[c] = population._byKey.TryGetValue(_keys[c], out var p) ? population.Sizes[p] : 0;
        return sizes;
    }

    public override string ToString() => $"{Count} equivalence classes over {RecordCount} records";
}
