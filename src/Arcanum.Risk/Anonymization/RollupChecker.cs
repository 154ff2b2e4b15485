namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Counts a node's outliers (records in classes smaller than k) from the classes of an already-checked node it
/// generalises (roll-up, as ARX does), not from every record: generalising only merges classes, so one
/// representative value per class and the class size are enough. Keeps the last few nodes' classes.
/// </summary>
internal sealed class RollupChecker
{
    private const int Kept = 64;

    private readonly EncodedData _data;
    private readonly Lattice _lattice;
    private readonly int _k;
    private readonly List<(int[] Levels, int[][] Leaf, int[] Size)> _snapshots = [];

    public RollupChecker(EncodedData data, Lattice lattice, int k)
    {
        _data = data;
        _lattice = lattice;
        _k = k;
        var bottom = new int[data.Dimensions];
        var grouping = Grouping.Of(data, bottom, k, null);
        var leaf = new int[data.Dimensions][];
        for (var d = 0; d < data.Dimensions; d++)
        {
            leaf[d] = new int[grouping.Sizes.Length];
            for (var row = 0; row < data.Rows; row++) leaf[d][grouping.ClassOfRow[row]] = data.Leaf[d][row];
        }
        _snapshots.Add((bottom, leaf, grouping.Sizes));
    }

    public int Outliers(int node)
    {
        var levels = _lattice.Levels(node);
        var from = _snapshots[0];
        foreach (var s in _snapshots)
        {
            if (s.Size.Length < from.Size.Length && s.Levels.Zip(levels).All(p => p.First <= p.Second)) from = s;
        }
        var ids = new Dictionary<long, int>(from.Size.Length);
        var sizes = new List<int>();
        var leaves = new List<int[]>();
        for (var c = 0; c < from.Size.Length; c++)
        {
            long key = 0;
            for (var d = 0; d < _data.Dimensions; d++)
                key = key * _data.Cardinality[d][levels[d]] + _data.Group[d][levels[d]][from.Leaf[d][c]];
            if (!ids.TryGetValue(key, out var id))
            {
                ids.Add(key, id = sizes.Count);
                sizes.Add(0);
                leaves.Add(Enumerable.Range(0, _data.Dimensions).Select(d => from.Leaf[d][c]).ToArray());
            }
            sizes[id] += from.Size[c];
        }
        var leaf = Enumerable.Range(0, _data.Dimensions).Select(d => leaves.Select(l => l[d]).ToArray()).ToArray();
        if (_snapshots.Count == Kept) _snapshots.RemoveAt(1);
        _snapshots.Add((levels, leaf, [.. sizes]));
        return sizes.Where(s => s < _k).Sum();
    }
}
