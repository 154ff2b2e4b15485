namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Counts a node's outliers (records in classes smaller than k) from the classes of an already-checked node it
/// generalises (roll-up, as ARX does), not from every record: generalising only merges classes, so one
/// representative record per class and the class size are enough. It rolls up from the kept snapshot with the
/// fewest classes that the node generalises.
/// <para>A class key is its groups in a fixed mixed radix (each quasi-identifier's radix is its number of leaves,
/// whatever the level), so rolling up only adds, per class, the change of key of the quasi-identifiers whose level
/// differs from the source's. Flash checks thousands of nodes, so a check allocates nothing: the key table, the
/// working buffers and the snapshots' buffers are reused.</para>
/// </summary>
internal sealed class RollupChecker
{
    /// <summary>Snapshots kept besides the pinned ones, replaced oldest first.</summary>
    private const int Kept = 64;

    private readonly EncodedData _data;
    private readonly Lattice _lattice;
    private readonly int _k;
    private readonly long[] _radix;      // [dimension]: the key's weight of the dimension's group
    private readonly ClassTable _table;
    private readonly long[] _keys;       // [class] of the node being checked
    private readonly int[] _rows;        // [class]
    private readonly int[] _sizes;       // [class]
    private readonly int[] _levels;      // the node being checked
    private readonly int[] _changed;     // dimensions whose level differs from the source's
    private readonly long[][] _delta;    // [dimension][leaf]: the leaf's change of key from the source's level
    private readonly List<ClassSnapshot> _snapshots = [];
    private readonly int _pinned;        // snapshots [0, _pinned) are never replaced
    private int _oldest;                 // the snapshot replaced next once all are kept

    /// <exception cref="ArgumentException">The keys would not fit in 64 bits (see <see cref="Fits"/>).</exception>
    public RollupChecker(EncodedData data, Lattice lattice, int k)
    {
        if (!Fits(data)) throw new ArgumentException("Roll-up keys would not fit in 64 bits.", nameof(data));
        _data = data;
        _lattice = lattice;
        _k = k;
        var dims = data.Dimensions;
        _levels = new int[dims];
        _changed = new int[dims];
        _radix = new long[dims];
        _delta = new long[dims][];
        long weight = 1;
        for (var d = dims - 1; d >= 0; d--)
        {
            _radix[d] = weight;
            weight *= Leaves(data, d);
            _delta[d] = new long[Leaves(data, d)];
        }
        // No node has more classes than there are records.
        _table = new ClassTable(data.Rows);
        _keys = new long[data.Rows];
        _rows = new int[data.Rows];
        _sizes = new int[data.Rows];
        for (var row = 0; row < data.Rows; row++)
        {
            long key = 0;
            for (var d = 0; d < dims; d++) key += _radix[d] * data.Group[d][0][data.Leaf[d][row]];
            Add(key, row, 1);
        }
        Keep(_table.Count);
        // Nearly every node generalises one of the bottom's successors, which mostly have fewer classes than the
        // bottom (18,109 on Adult): keeping them for good spares checks that would otherwise start from the bottom.
        // They are fewer than Kept: a lattice of at most 20 million nodes has at most 24 generalisable columns.
        foreach (var node in lattice.Successors(0)) Outliers(node);
        _pinned = _oldest = _snapshots.Count;
    }

    /// <summary>Whether every class key of the data fits in 64 bits; otherwise group without roll-up.</summary>
    public static bool Fits(EncodedData data)
    {
        double product = 1;
        for (var d = 0; d < data.Dimensions; d++) product *= Leaves(data, d);
        return product < 4e18;
    }

    /// <summary>Records in the node's classes of fewer than k records: those that must be suppressed.</summary>
    public int Outliers(int node)
    {
        for (var d = 0; d < _levels.Length; d++) _levels[d] = _lattice.Level(node, d);
        var from = Source();
        var changed = Deltas(from.Levels);
        ReadOnlySpan<long> keys = from.Keys;
        ReadOnlySpan<int> rows = from.Rows, sizes = from.Sizes;
        int[][] leaf = _data.Leaf;
        long[][] delta = _delta;
        _table.Clear();
        for (var c = 0; c < sizes.Length; c++)
        {
            var key = keys[c];
            var row = rows[c];
            for (var i = 0; i < changed; i++)
            {
                var d = _changed[i];
                key += delta[d][leaf[d][row]];
            }
            Add(key, row, sizes[c]);
        }
        var count = _table.Count;
        var outliers = 0;
        for (var c = 0; c < count; c++)
        {
            if (_sizes[c] < _k) outliers += _sizes[c];
        }
        // With as many classes as its source, the node's snapshot could serve no node its source cannot.
        if (count < sizes.Length) Keep(count);
        return outliers;
    }

    private static int Leaves(EncodedData data, int d) => data.HierarchyRow[d].Length;

    private void Add(long key, int row, int size)
    {
        var id = _table.IdOf(key, out var added);
        if (added)
        {
            _keys[id] = key;
            _rows[id] = row;
            _sizes[id] = 0;
        }
        _sizes[id] += size;
    }

    /// <summary>Fills the change of key per leaf for each dimension whose level differs from the source's; returns
    /// how many differ.</summary>
    private int Deltas(ReadOnlySpan<int> source)
    {
        var changed = 0;
        for (var d = 0; d < _levels.Length; d++)
        {
            if (_levels[d] == source[d]) continue;
            _changed[changed++] = d;
            int[] to = _data.Group[d][_levels[d]], from = _data.Group[d][source[d]];
            for (var leaf = 0; leaf < to.Length; leaf++) _delta[d][leaf] = _radix[d] * (to[leaf] - from[leaf]);
        }
        return changed;
    }

    /// <summary>The kept snapshot with the fewest classes that the node being checked generalises.</summary>
    private ClassSnapshot Source()
    {
        var from = _snapshots[0];
        foreach (var s in _snapshots)
        {
            if (s.Count < from.Count && s.IsGeneralisedBy(_levels)) from = s;
        }
        return from;
    }

    private void Keep(int count)
    {
        ClassSnapshot snapshot;
        if (_snapshots.Count < _pinned + Kept)
        {
            snapshot = new ClassSnapshot(_data.Dimensions);
            _snapshots.Add(snapshot);
        }
        else
        {
            snapshot = _snapshots[_oldest];
            _oldest = _oldest + 1 == _snapshots.Count ? _pinned : _oldest + 1;
        }
        snapshot.Fill(_levels, _keys.AsSpan(0, count), _rows.AsSpan(0, count), _sizes.AsSpan(0, count));
    }
}
