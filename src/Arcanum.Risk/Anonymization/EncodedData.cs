using Arcanum.Data.Tables;

namespace Arcanum.Risk.Anonymization;

/// <summary>
/// The quasi-identifiers of a table as small integers: per column, each row's value (a "leaf"), and per level the
/// group each leaf generalises to. Grouping a transformation's equivalence classes is then integer work.
/// </summary>
internal sealed class EncodedData
{
    private EncodedData(int rows, Hierarchy[] hierarchies, int[][] leaf, int[][] hierarchyRow, int[][][] group,
        int[][] cardinality, int[]? sensitive)
    {
        Rows = rows;
        Hierarchies = hierarchies;
        Leaf = leaf;
        HierarchyRow = hierarchyRow;
        Group = group;
        Cardinality = cardinality;
        Sensitive = sensitive;
    }

    public int Rows { get; }

    public Hierarchy[] Hierarchies { get; }

    /// <summary>[dimension][row]: the row's leaf.</summary>
    public int[][] Leaf { get; }

    /// <summary>[dimension][leaf]: the leaf's row in its hierarchy.</summary>
    public int[][] HierarchyRow { get; }

    /// <summary>[dimension][level][leaf]: the group the leaf falls in at that level.</summary>
    public int[][][] Group { get; }

    /// <summary>[dimension][level]: the number of groups at that level.</summary>
    public int[][] Cardinality { get; }

    /// <summary>[row]: the sensitive value's code, when l-diversity is asked for.</summary>
    public int[]? Sensitive { get; }

    public int Dimensions => Hierarchies.Length;

    /// <exception cref="RiskInputException">A hierarchy does not cover a value of its column; the message names the
    /// hierarchy and column and the line, never the value.</exception>
    public static EncodedData Encode(DataTable table, IReadOnlyList<Hierarchy> hierarchies, string? sensitive)
    {
        var dims = hierarchies.Count;
        var leaf = new int[dims][];
        var hierarchyRow = new int[dims][];
        var group = new int[dims][][];
        var cardinality = new int[dims][];
        for (var d = 0; d < dims; d++)
        {
            var h = hierarchies[d];
            var column = ColumnNames.Require(table, h.Column, "Quasi-identifier");
            var leaves = new Dictionary<string, int>(StringComparer.Ordinal);
            var rowsOfLeaf = new List<int>();
            leaf[d] = new int[table.RowCount];
            var uncovered = 0;
            var first = -1;
            for (var row = 0; row < table.RowCount; row++)
            {
                var value = column.RawValue(row) ?? "";
                if (!leaves.TryGetValue(value, out var index))
                {
                    var r = h.RowOf(value);
                    if (r < 0)
                    {
                        uncovered++;
                        if (first < 0) first = row;
                        continue;
                    }
                    index = leaves.Count;
                    leaves.Add(value, index);
                    rowsOfLeaf.Add(r);
                }
                leaf[d][row] = index;
            }
            if (uncovered > 0)
                throw new RiskInputException($"Hierarchy {h.Source} does not cover every value of column " +
                    $"'{h.Column}': {uncovered} record(s) have a value it does not list (the first on data row " +
                    $"{first + 1}). Add the value(s) to the hierarchy.");
            hierarchyRow[d] = [.. rowsOfLeaf];
            group[d] = new int[h.Height][];
            cardinality[d] = new int[h.Height];
            for (var level = 0; level < h.Height; level++)
            {
                var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                group[d][level] = hierarchyRow[d]
                    .Select(r => ids.TryGetValue(h.Generalize(r, level), out var id) ? id
                        : ids[h.Generalize(r, level)] = ids.Count)
                    .ToArray();
                cardinality[d][level] = ids.Count;
            }
        }
        int[]? codes = null;
        if (sensitive is not null)
        {
            var column = ColumnNames.Require(table, sensitive, "Sensitive column");
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            codes = Enumerable.Range(0, table.RowCount).Select(row =>
            {
                var v = column.RawValue(row) ?? "";
                return ids.TryGetValue(v, out var id) ? id : ids[v] = ids.Count;
            }).ToArray();
        }
        return new EncodedData(table.RowCount, [.. hierarchies], leaf, hierarchyRow, group, cardinality, codes);
    }

    public override string ToString() => $"{Rows} records encoded over {Dimensions} quasi-identifiers";
}
