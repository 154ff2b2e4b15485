
namespace Arcanum.Data.Tables;

/// <summary>How levels and classes are sorted: numerically when every one is a number, else ordinally.</summary>
public static class LevelOrder
{
    public static string[] Sort(IEnumerable<string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var distinct = levels.Distinct(StringComparer.Ordinal).ToArray();
        var numbers = new double[distinct.Length];
        var allNumeric = true;
        for (var i = 0; i < distinct.Length && allNumeric; i++)
        {
            allNumeric = Cells.TryParseNumber(distinct[i], out numbers[i]);
        }
        if (allNumeric)
        {
            // Ties ("1" and "1.0") fall back to ordinal order so the result stays deterministic.
            var keys = distinct.Select((s, i) => (Number: numbers[i], Text: s)).ToArray();
            Array.Sort(keys, (a, b) => a.Number != b.Number ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Text, b.Text));
            return keys.Select(k => k.Text).ToArray();
        }
        Array.Sort(distinct, StringComparer.Ordinal);
        return distinct;
    }
}
