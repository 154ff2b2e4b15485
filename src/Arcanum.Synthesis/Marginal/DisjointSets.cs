namespace Arcanum.Synthesis.Marginal;

/// <summary>Union-find over columns, for growing a spanning forest one edge at a time.</summary>
internal sealed class DisjointSets
{
    private readonly int[] _parent;

    public DisjointSets(int count) => _parent = [.. Enumerable.Range(0, count)];

    public int Find(int item)
    {
        while (_parent[item] != item)
        {
            _parent[item] = _parent[_parent[item]];
            item = _parent[item];
        }
        return item;
    }

    public bool Connected(int a, int b) => Find(a) == Find(b);

    /// <summary>Joins the sets of two items; false when they were already one.</summary>
    public bool Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra == rb) return false;
        _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        return true;
    }
}
