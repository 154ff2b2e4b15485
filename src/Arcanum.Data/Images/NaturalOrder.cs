namespace Arcanum.Data.Images;

/// <summary>Orders names as people read them: "slice_2" before "slice_10" (digit runs compared as numbers).</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return string.CompareOrdinal(x, y);
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (a, ni) = DigitRun(x, i);
                var (b, nj) = DigitRun(y, j);
                var byValue = a.TrimStart('0').Length != b.TrimStart('0').Length
                    ? a.TrimStart('0').Length.CompareTo(b.TrimStart('0').Length)
                    : string.CompareOrdinal(a.TrimStart('0'), b.TrimStart('0'));
                if (byValue != 0) return byValue;
                (i, j) = (ni, nj);
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var byLength = (x.Length - i).CompareTo(y.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }

    private static (string Run, int End) DigitRun(string s, int start)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        return (s[start..end], end);
    }
}
