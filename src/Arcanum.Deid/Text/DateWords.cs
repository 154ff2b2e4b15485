namespace Arcanum.Deid.Text;

/// <summary>Words after an ordinal that make it anatomy or a count ("the 4th ventricle"), not a day of the month.</summary>
internal static class DateWords
{
    private static readonly WordSet NotDays = new([
        "ventricle", "toe", "toes", "finger", "fingers", "digit", "digits", "rib", "ribs", "nerve", "nerves",
        "cranial", "percentile", "metacarpal", "metatarsal", "decade", "intercostal", "lumbar", "cervical",
        "thoracic", "vertebra", "vertebrae", "sacral", "time", "times", "grade", "day", "days", "week", "weeks",
        "month", "months", "year", "years", "cycle", "dose", "doses", "line", "generation", "degree", "interspace",
        "space", "trimester", "floor", "dorsal", "compartment", "branchial", "heart", "sound", "episode", "round",
        "session", "visit", "attempt", "pregnancy", "child", "stage", "segment", "layer", "order", "edition",
    ]);

    public static bool IsAnatomicalOrdinal(ReadOnlySpan<char> after)
    {
        after = after.TrimStart();
        var end = 0;
        while (end < after.Length && char.IsLetter(after[end])) end++;
        return end > 0 && NotDays.Contains(after[..end]);
    }
}
