using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>l-diversity and t-closeness of one sensitive column over the equivalence classes; see <see cref="SensitiveDiversity"/>.</summary>
internal static class DiversityMeasures
{
    public static SensitiveDiversity Measure(EquivalenceClasses classes, Column sensitive)
    {
        var ordered = sensitive is NumericColumn;
        var (codes, values) = ordered ? OrderedCodes((NumericColumn)sensitive) : CategoryCodes(sensitive);
        // Counts per class, sparse: most classes hold few distinct values.
        var perClass = new Dictionary<int, int>[classes.Count];
        for (var c = 0; c < perClass.Length; c++) perClass[c] = [];
        var overall = new double[values];
        for (var row = 0; row < codes.Length; row++)
        {
            var counts = perClass[classes.ClassOf(row)];
            counts[codes[row]] = counts.GetValueOrDefault(codes[row]) + 1;
            overall[codes[row]]++;
        }
        for (var v = 0; v < values; v++) overall[v] /= codes.Length;

        int distinctL = int.MaxValue, homogeneous = 0, homogeneousRecords = 0;
        double minEntropy = double.MaxValue, t = 0;
        for (var c = 0; c < perClass.Length; c++)
        {
            var counts = perClass[c];
            var size = classes.Sizes[c];
            distinctL = Math.Min(distinctL, counts.Count);
            if (counts.Count == 1)
            {
                homogeneous++;
                homogeneousRecords += size;
            }
            var entropy = 0.0;
            foreach (var count in counts.Values)
            {
                var p = (double)count / size;
                entropy -= p * Math.Log(p);
            }
            minEntropy = Math.Min(minEntropy, entropy);
            t = Math.Max(t, ordered ? OrderedDistance(counts, size, overall) : EqualDistance(counts, size, overall));
        }
        return new SensitiveDiversity(sensitive.Name, ordered ? "ordered" : "equal", distinctL, Math.Exp(minEntropy), t, homogeneous, homogeneousRecords);
    }

    /// <summary>Equal ground distance: half the L1 distance (total variation) between the class and the table.</summary>
    internal static double EqualDistance(IReadOnlyDictionary<int, int> counts, int size, double[] overall)
    {
        // Values absent from the class contribute their whole overall share.
        var sum = 1.0;
        foreach (var (value, count) in counts) sum += Math.Abs((double)count / size - overall[value]) - overall[value];
        return sum / 2;
    }

    /// <summary>Ordered distance over m sorted values: the sum of absolute cumulative differences over m − 1.</summary>
    internal static double OrderedDistance(IReadOnlyDictionary<int, int> counts, int size, double[] overall)
    {
        if (overall.Length < 2) return 0;
        double cumulative = 0, sum = 0;
        for (var v = 0; v < overall.Length - 1; v++)
        {
            cumulative += counts.GetValueOrDefault(v) / (double)size - overall[v];
            sum += Math.Abs(cumulative);
        }
        return sum / (overall.Length - 1);
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

    /// <summary>Codes in ascending order of value; a missing value, when there is one, is placed below the smallest.</summary>
    private static (int[] Codes, int Values) OrderedCodes(NumericColumn column)
    {
        var distinct = column.Values.Where(v => !double.IsNaN(v)).Distinct().Order().ToArray();
        var hasMissing = column.MissingCount > 0;
        var offset = hasMissing ? 1 : 0;
        var codes = new int[column.Length];
        for (var row = 0; row < codes.Length; row++)
            codes[row] = double.IsNaN(column[row]) ? 0 : Array.BinarySearch(distinct, column[row]) + offset;
        return (codes, distinct.Length + offset);
    }
}
