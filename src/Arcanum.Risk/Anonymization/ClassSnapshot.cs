namespace Arcanum.Risk.Anonymization;

/// <summary>
/// The equivalence classes of one checked transformation, kept so that a later check of a generalisation of it can
/// roll up from its classes instead of the records. Per class: its key (see <see cref="RollupChecker"/>), one of its
/// records (all generalise alike, so one row stands for the class) and its size; 16 bytes a class, so that many
/// snapshots fit in cache-friendly memory. Its buffers are refilled when it is reused for another node, so keeping
/// snapshots stops allocating once they have grown to the sizes the search needs.
/// </summary>
internal sealed class ClassSnapshot
{
    private readonly int[] _levels;
    private long[] _keys = [];
    private int[] _rows = [];
    private int[] _sizes = [];

    public ClassSnapshot(int dimensions) => _levels = new int[dimensions];

    /// <summary>The transformation's level per quasi-identifier.</summary>
    public ReadOnlySpan<int> Levels => _levels;

    /// <summary>[class]: the class's key at <see cref="Levels"/>.</summary>
    public ReadOnlySpan<long> Keys => _keys.AsSpan(0, Count);

    /// <summary>[class]: a record of the class.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    /// <summary>[class]: records in the class.</summary>
    public ReadOnlySpan<int> Sizes => _sizes.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Whether the node with these levels generalises this snapshot's node (or is it), so that each of its
    /// classes is a union of this snapshot's classes.</summary>
    public bool IsGeneralisedBy(ReadOnlySpan<int> levels)
    {
        for (var d = 0; d < _levels.Length; d++)
        {
            if (_levels[d] > levels[d]) return false;
        }
        return true;
    }

    /// <summary>Replaces the content with copies of the given classes, growing the buffers only when needed.
    /// </summary>
    public void Fill(ReadOnlySpan<int> levels, ReadOnlySpan<long> keys, ReadOnlySpan<int> rows,
        ReadOnlySpan<int> sizes)
    {
        levels.CopyTo(_levels);
        if (_sizes.Length < sizes.Length)
        {
            _keys = new long[sizes.Length];
            _rows = new int[sizes.Length];
            _sizes = new int[sizes.Length];
        }
        keys.CopyTo(_keys);
        rows.CopyTo(_rows);
        sizes.CopyTo(_sizes);
        Count = sizes.Length;
    }

    public override string ToString() => $"{Count} classes at levels {string.Join(",", _levels)}";
}
