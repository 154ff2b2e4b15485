namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// A junction tree over the columns for a set of cliques (AIM's measured marginals): the graph that joins every
/// two columns measured together is triangulated by eliminating columns greedily (fewest fill-in edges, then
/// fewest cells, then lowest index, so the same cliques give the same tree), its maximal cliques become the
/// tree's nodes, and a maximum spanning tree over the sizes of their intersections joins them. That tree has the
/// running intersection property, so sum-product on it is exact. Parts of the graph that share no column are
/// joined by edges with an empty separator, which keeps one tree for inference and sampling.
/// </summary>
internal sealed class JunctionTree
{
    private JunctionTree(int[][] cliques, (int A, int B)[] edges, int[][] separators, long cells)
    {
        Cliques = cliques;
        Edges = edges;
        Separators = separators;
        Cells = cells;
    }

    /// <summary>The maximal cliques, each sorted.</summary>
    public int[][] Cliques { get; }

    /// <summary>The tree's edges between cliques.</summary>
    public (int A, int B)[] Edges { get; }

    /// <summary>Per edge, the columns its two cliques share (sorted; possibly none).</summary>
    public int[][] Separators { get; }

    /// <summary>The total cells of the cliques: the model size AIM bounds.</summary>
    public long Cells { get; }

    /// <summary>The junction tree of <paramref name="cliques"/> over every column of <paramref name="sizes"/> (a column in no clique is a clique of its own).</summary>
    public static JunctionTree Build(int[] sizes, IEnumerable<IReadOnlyList<int>> cliques)
    {
        var maximal = Triangulate(sizes, cliques);
        var pairs = new List<(int Weight, int A, int B)>();
        for (var i = 0; i < maximal.Length; i++)
        {
            for (var j = i + 1; j < maximal.Length; j++) pairs.Add((maximal[i].Intersect(maximal[j]).Count(), i, j));
        }
        var sets = new DisjointSets(maximal.Length);
        var edges = new List<(int, int)>();
        foreach (var (_, a, b) in pairs.OrderByDescending(p => p.Weight).ThenBy(p => p.A).ThenBy(p => p.B))
        {
            if (sets.Union(a, b)) edges.Add((a, b));
        }
        var separators = edges.Select(e => maximal[e.Item1].Intersect(maximal[e.Item2]).Order().ToArray()).ToArray();
        return new JunctionTree(maximal, [.. edges], separators, maximal.Sum(c => CliqueCells.CountLong(c, sizes)));
    }

    /// <summary>The first clique of the tree that holds every column of <paramref name="columns"/>; −1 when none does.</summary>
    public int Holding(IReadOnlyCollection<int> columns)
    {
        for (var k = 0; k < Cliques.Length; k++)
        {
            if (columns.All(c => Array.BinarySearch(Cliques[k], c) >= 0)) return k;
        }
        return -1;
    }

    /// <summary>A breadth-first order of the cliques from the first, with each clique's edge to its parent (−1 for the root).</summary>
    public (int[] Order, int[] ParentEdge) Traverse()
    {
        var parentEdge = Enumerable.Repeat(-2, Cliques.Length).ToArray();
        var order = new List<int> { 0 };
        parentEdge[0] = -1;
        for (var i = 0; i < order.Count; i++)
        {
            var k = order[i];
            for (var e = 0; e < Edges.Length; e++)
            {
                var other = Edges[e].A == k ? Edges[e].B : Edges[e].B == k ? Edges[e].A : -1;
                if (other < 0 || parentEdge[other] != -2) continue;
                parentEdge[other] = e;
                order.Add(other);
            }
        }
        return ([.. order], parentEdge);
    }

    /// <summary>The maximal cliques of a triangulation of the cliques' graph, by greedy elimination.</summary>
    private static int[][] Triangulate(int[] sizes, IEnumerable<IReadOnlyList<int>> cliques)
    {
        var d = sizes.Length;
        var adjacent = new bool[d, d];
        foreach (var clique in cliques)
        {
            foreach (var a in clique)
            {
                foreach (var b in clique)
                {
                    if (a != b) adjacent[a, b] = true;
                }
            }
        }
        var eliminated = new bool[d];
        var found = new List<int[]>();
        for (var step = 0; step < d; step++)
        {
            var (best, bestFill, bestCells) = (-1, int.MaxValue, long.MaxValue);
            for (var v = 0; v < d; v++)
            {
                if (eliminated[v]) continue;
                var neighbours = Neighbours(adjacent, eliminated, v);
                var fill = 0;
                for (var i = 0; i < neighbours.Count; i++)
                {
                    for (var j = i + 1; j < neighbours.Count; j++) fill += adjacent[neighbours[i], neighbours[j]] ? 0 : 1;
                }
                var cells = CliqueCells.CountLong([.. neighbours, v], sizes);
                if (fill < bestFill || (fill == bestFill && cells < bestCells)) (best, bestFill, bestCells) = (v, fill, cells);
            }
            var around = Neighbours(adjacent, eliminated, best);
            foreach (var a in around)
            {
                foreach (var b in around)
                {
                    if (a != b) adjacent[a, b] = true;
                }
            }
            eliminated[best] = true;
            found.Add([.. around.Append(best).Order()]);
        }
        // Keep the maximal ones: an eliminated clique inside a later one adds nothing.
        var maximal = new List<int[]>();
        foreach (var clique in found.OrderByDescending(c => c.Length))
        {
            if (!maximal.Any(m => clique.All(c => Array.BinarySearch(m, c) >= 0))) maximal.Add(clique);
        }
        return [.. maximal.OrderBy(c => c[0]).ThenBy(c => c.Length)];
    }

    private static List<int> Neighbours(bool[,] adjacent, bool[] eliminated, int v)
    {
        var result = new List<int>();
        for (var u = 0; u < eliminated.Length; u++)
        {
            if (u != v && !eliminated[u] && adjacent[v, u]) result.Add(u);
        }
        return result;
    }
}
