namespace Arcanum.Data;

/// <summary>Train/holdout splits of row indices.</summary>
public static class Splits
{
    /// <summary>
    /// Splits rows per class: each class is shuffled with a <see cref="Random"/> seeded by <paramref name="seed"/>
    /// and round(n x fraction) of its rows go to the holdout, but a class with at least 2 rows puts at least
    /// one on each side (a class with 1 row goes to training). Both parts are sorted ascending. Same seed, same split.
    /// </summary>
    /// <param name="labels">One class label per row (any non-negative integers).</param>
    /// <param name="holdoutFraction">Share of each class held out, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    public static (int[] Train, int[] Holdout) Stratified(IReadOnlyList<int> labels, double holdoutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(holdoutFraction > 0 && holdoutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction, "The holdout fraction must be strictly between 0 and 1, e.g. 0.2.");
        var random = new Random(seed);
        var train = new List<int>(labels.Count);
        var holdout = new List<int>(labels.Count);
        var byClass = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key);
        foreach (var group in byClass)
        {
            if (group.Key < 0) throw new ArgumentException($"Label {group.Key} is negative; labels are class indices.", nameof(labels));
            var rows = group.ToArray();
            random.Shuffle(rows);
            var take = rows.Length < 2 ? 0 : Math.Clamp((int)Math.Round(rows.Length * holdoutFraction, MidpointRounding.AwayFromZero), 1, rows.Length - 1);
            holdout.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }
        var t = train.ToArray();
        var h = holdout.ToArray();
        Array.Sort(t);
        Array.Sort(h);
        return (t, h);
    }
}
