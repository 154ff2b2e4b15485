namespace Arcanum.Risk.Anonymization;

/// <summary>
/// A transformation's equivalence classes: each row's class, class sizes and which classes break the privacy model
/// (their records are suppressed if the limit allows).
/// </summary>
internal sealed class Grouping
{
    private Grouping(int[] classOfRow, int[] sizes, bool[] violates, int outliers)
    {
        ClassOfRow = classOfRow;
        Sizes = sizes;
        Violates = violates;
        Outliers = outliers;
    }

    public int[] ClassOfRow { get; }

    public int[] Sizes { get; }

    public bool[] Violates { get; }

    /// <summary>Records in classes that break the model.</summary>
    public int Outliers { get; }

    public bool IsSuppressed(int row) => Violates[ClassOfRow[row]];

    public static Grouping Of(EncodedData data, int[] levels, int k, int? l)
    {
        var classOfRow = new int[data.Rows];
        // One 64-bit mixed-radix key per row when the groups' product fits; otherwise combine column by column.
        double product = 1;
        for (var d = 0; d < data.Dimensions; d++) product *= data.Cardinality[d][levels[d]];
        var size = product < 4e18 ? GroupByKey(data, levels, classOfRow) : GroupPairwise(data, levels, classOfRow);
        var violates = new bool[size.Length];
        for (var c = 0; c < size.Length; c++) violates[c] = size[c] < k;
        if (l is { } need && data.Sensitive is { } sensitive)
        {
            var distinct = new int[size.Length];
            var seen = new HashSet<long>();
            for (var row = 0; row < data.Rows; row++)
            {
                if (seen.Add(((long)classOfRow[row] << 32) | (uint)sensitive[row])) distinct[classOfRow[row]]++;
            }
            for (var c = 0; c < size.Length; c++) violates[c] |= distinct[c] < need;
        }
        var outliers = 0;
        for (var c = 0; c < size.Length; c++)
        {
            if (violates[c]) outliers += size[c];
        }
        return new Grouping(classOfRow, size, violates, outliers);
    }

    private static int[] GroupByKey(EncodedData data, int[] levels, int[] classOfRow)
    {
        var dims = data.Dimensions;
        var groups = new int[dims][];
        var radix = new long[dims];
        for (var d = 0; d < dims; d++)
        {
            groups[d] = data.Group[d][levels[d]];
            radix[d] = data.Cardinality[d][levels[d]];
        }
        var ids = new ClassTable(data.Rows);
        var sizes = new int[data.Rows];
        for (var row = 0; row < data.Rows; row++)
        {
            long key = 0;
            for (var d = 0; d < dims; d++) key = key * radix[d] + groups[d][data.Leaf[d][row]];
            var id = ids.IdOf(key, out _);
            sizes[id]++;
            classOfRow[row] = id;
        }
        return sizes[..ids.Count];
    }

    private static int[] GroupPairwise(EncodedData data, int[] levels, int[] classOfRow)
    {
        var current = new int[data.Rows];
        var count = 1;
        for (var d = 0; d < data.Dimensions; d++)
        {
            var ids = new Dictionary<long, int>();
            var groups = data.Group[d][levels[d]];
            for (var row = 0; row < data.Rows; row++)
            {
                var key = (long)current[row] * data.Cardinality[d][levels[d]] + groups[data.Leaf[d][row]];
                if (!ids.TryGetValue(key, out var id)) ids.Add(key, id = ids.Count);
                current[row] = id;
            }
            count = ids.Count;
        }
        var sizeOf = new int[count];
        foreach (var c in current) sizeOf[c]++;
        Array.Copy(current, classOfRow, current.Length);
        return sizeOf;
    }
}
