using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>
/// l-diversity and t-closeness of one sensitive column over the equivalence classes; see <see
/// cref="SensitiveDiversity"/>.
/// Rows are sorted by (class, value) once, so each class is a run of (value, count) pairs in value order and the cost
/// grows with the records and each class's distinct values, not with classes × all values.
/// </summary>
internal static class DiversityMeasures
{
    public static SensitiveDiversity Measure(EquivalenceClasses classes, Column sensitive)
    {
        var ordered = sensitive is NumericColumn;
        var (codes, values) = ordered ? OrderedCodes((NumericColumn)sensitive) : CategoryCodes(sensitive);
        var overall = new double[values];
        foreach (var code in codes) overall[code]++;
        for (var v = 0; v < values; v++) overall[v] /= codes.Length;
        var distances = ordered ? new OrderedDistance(overall) : null;

        var keys = new long[codes.Length];
        for (var row = 0; row < codes.Length; row++) keys[row] = (long)classes.ClassOf(row) * values + codes[row];
        Array.Sort(keys);

        int distinctL = int.MaxValue, homogeneous = 0, homogeneousRecords = 0;
        double minEntropy = double.MaxValue, t = 0;
        var run = new List<(int Value, int Count)>();
        for (var start = 0; start < keys.Length;)
        {
            var cls = keys[start] / values;
            run.Clear();
            var end = start;
            while (end < keys.Length && keys[end] / values == cls)
            {
                var value = keys[end];
                var count = 0;
                while (end < keys.Length && keys[end] == value)
                {
                    count++;
                    end++;
                }
                run.Add(((int)(value % values), count));
            }
            var size = end - start;
            distinctL = Math.Min(distinctL, run.Count);
            if (run.Count == 1)
            {
                homogeneous++;
                homogeneousRecords += size;
            }
            var entropy = 0.0;
            foreach (var (_, count) in run)
            {
                var p = (double)count / size;
                entropy -= p * Math.Log(p);
            }
            minEntropy = Math.Min(minEntropy, entropy);
            t = Math.Max(t, distances is null ? EqualDistance(run, size, overall) : distances.Of(run, size));
            start = end;
        }
        var distance = ordered ? "ordered" : "equal";
        return new SensitiveDiversity(
            sensitive.Name, distance, distinctL, Math.Exp(minEntropy), t, homogeneous, homogeneousRecords);
    }

    /// <summary>Equal ground distance: half the L1 distance (total variation) between the class and the
    /// table.</summary>
    internal static double EqualDistance(IReadOnlyList<(int Value, int Count)> run, int size, double[] overall)
    {
        // Values absent from the class contribute their whole overall share.
        var sum = 1.0;
        foreach (var (value, count) in run) sum += Math.Abs((double)count / size - overall[value]) - overall[value];
        return Math.Max(0, sum / 2);
    }

    /// <summary>Codes for categories (and any other text); a missing value is one more category.</summary>
    private static (int[] Codes, int Values) CategoryCodes(Column column)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[column.Length];
        const string missing = "\0missing";
        for (var row = 0; row < codes.Length; row++)
        {
            var value = column.RawValue(row) ?? missing;
            if (!index.TryGetValue(value, out var code))
            {
                code = index.Count;
                index.Add(value, code);
            }
            codes[row] = code;
        }
        return (codes, index.Count);
    }

    /// <summary>Codes in ascending order of value; a missing value, when there is one, is placed below the
    /// smallest.</summary>
    private static (int[] Codes, int Values) OrderedCodes(NumericColumn column)
    {
        var distinct = column.Values.Where(v => !double.IsNaN(v)).Distinct().Order().ToArray();
        var offset = column.MissingCount > 0 ? 1 : 0;
        var codes = new int[column.Length];
        for (var row = 0; row < codes.Length; row++)
            codes[row] = double.IsNaN(column[row]) ? 0 : Array.BinarySearch(distinct, column[row]) + offset;
        return (codes, distinct.Length + offset);
    }
}
