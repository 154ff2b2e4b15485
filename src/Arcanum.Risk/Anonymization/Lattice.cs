namespace Arcanum.Risk.Anonymization;

/// <summary>
/// The generalisation lattice: one node per combination of levels (one level per quasi-identifier), numbered in
/// mixed radix. A node's successors generalise one attribute one level further.
/// </summary>
internal sealed class Lattice
{
    /// <summary>Beyond this many nodes the search would take too long; ARX's limits are of the same order for its
    /// optimal algorithm.</summary>
    public const long MaxNodes = 20_000_000;

    private readonly int[] _strides;

    public Lattice(IReadOnlyList<int> heights)
    {
        Heights = [.. heights];
        _strides = new int[Heights.Length];
        long count = 1;
        for (var d = 0; d < Heights.Length; d++)
        {
            _strides[d] = (int)count;
            count *= Heights[d];
            if (count > MaxNodes)
                throw new RiskInputException($"The hierarchies allow more than {MaxNodes:N0} transformations; use " +
                    "fewer quasi-identifiers or hierarchies with fewer levels.");
        }
        Count = (int)count;
    }

    public int[] Heights { get; }

    public int Count { get; }

    public int Dimensions => Heights.Length;

    public int Level(int node, int dimension) => node / _strides[dimension] % Heights[dimension];

    public int[] Levels(int node) => Enumerable.Range(0, Heights.Length).Select(d => Level(node, d)).ToArray();

    /// <summary>The sum of levels: the node's height in the lattice.</summary>
    public int Height(int node)
    {
        var sum = 0;
        for (var d = 0; d < Heights.Length; d++) sum += Level(node, d);
        return sum;
    }

    public IEnumerable<int> Successors(int node)
    {
        for (var d = 0; d < Heights.Length; d++)
        {
            if (Level(node, d) + 1 < Heights[d]) yield return node + _strides[d];
        }
    }

    public IEnumerable<int> Predecessors(int node)
    {
        for (var d = 0; d < Heights.Length; d++)
        {
            if (Level(node, d) > 0) yield return node - _strides[d];
        }
    }
}
