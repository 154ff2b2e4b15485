namespace Arcanum.Data;

/// <summary>
/// Class labels for the rows of a table that have a target value. <see cref="Labels"/>[i] belongs to
/// table row <see cref="Rows"/>[i]; rows with a missing target are left out and counted in
/// <see cref="DroppedMissing"/>. Use <c>table.Select(encoding.Rows)</c> to get the matching features.
/// </summary>
public sealed record TargetEncoding(string Target, int[] Labels, IReadOnlyList<string> ClassNames, int[] Rows, int DroppedMissing)
{
    public int ClassCount => ClassNames.Count;

    /// <summary>How many rows have each class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var y in Labels) counts[y]++;
        return counts;
    }

    public override string ToString() =>
        $"TargetEncoding('{Target}': {Labels.Length} rows, {ClassCount} classes [{string.Join(", ", ClassNames)}], {DroppedMissing} dropped for a missing target)";
}
