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

    /// <summary>
    /// Splits rows by group (patient) so that no group is on both sides: groups are stratified by whether any of
    /// their rows has a nonzero label (a patient with any tumour slice), each stratum shuffled with a
    /// <see cref="Random"/> seeded by <paramref name="seed"/> and round(groups x fraction) of it held out, at least
    /// one group each side of a stratum with 2 or more. With 2 or more groups in all, each side gets at least one.
    /// The fraction is of groups, not rows. Groups are taken in ordinal name order, so the split depends only on the
    /// groups, their labels and the seed. Both parts are sorted ascending.
    /// </summary>
    /// <param name="groups">The group of each row, e.g. its patient.</param>
    /// <param name="labels">One class label per row.</param>
    /// <param name="holdoutFraction">Share of the groups held out, strictly between 0 and 1.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    public static (int[] Train, int[] Holdout) ByGroup(IReadOnlyList<string> groups, IReadOnlyList<int> labels,
        double holdoutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(labels);
        if (groups.Count != labels.Count)
            throw new ArgumentException($"{labels.Count} labels need {labels.Count} group names; got {groups.Count}.",
                nameof(groups));
        if (!(holdoutFraction > 0 && holdoutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction,
                "The holdout fraction must be strictly between 0 and 1, e.g. 0.2.");
        if (groups.Any(g => g is null)) throw new ArgumentException("Every row needs a group name.", nameof(groups));
        var rowsOf = Enumerable.Range(0, groups.Count).GroupBy(i => groups[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        var held = new List<int>();
        var kept = new List<int>();
        foreach (var stratum in Enumerable.Range(0, rowsOf.Length).GroupBy(g => rowsOf[g].Any(i => labels[i] != 0))
                     .OrderBy(s => s.Key))
        {
            var members = stratum.ToArray();
            random.Shuffle(members);
            var share = (int)Math.Round(members.Length * holdoutFraction, MidpointRounding.AwayFromZero);
            var take = members.Length < 2 ? 0 : Math.Clamp(share, 1, members.Length - 1);
            held.AddRange(members.Take(take));
            kept.AddRange(members.Skip(take));
        }
        if (held.Count == 0 && kept.Count >= 2)
        {
            // Every stratum had a single group: hold one of them out so the holdout is not empty.
            var moved = kept[random.Next(kept.Count)];
            kept.Remove(moved);
            held.Add(moved);
        }
        var train = kept.SelectMany(g => rowsOf[g]).Order().ToArray();
        var holdout = held.SelectMany(g => rowsOf[g]).Order().ToArray();
        return (train, holdout);
    }
}
