namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Flash (Kohlmayer, Prasser, Eckert, Kemper &amp; Kuhn, "Flash: Efficient, Stable and Optimal K-Anonymity",
/// PASSAT 2012): decides for every node of the lattice whether it is anonymous while checking few of them. It walks
/// the lattice bottom-up; from each node not yet decided it climbs a path of undecided successors and binary-searches
/// it. A checked node's verdict spreads by monotonicity (predictive tagging): every generalisation of an anonymous
/// node is anonymous, every specialisation of a non-anonymous node is not. Monotonicity holds for k-anonymity and
/// distinct l-diversity with a record-suppression limit, since generalising only merges classes.
/// </summary>
internal static class FlashSearch
{
    /// <param name="lattice">The lattice to search.</param>
    /// <param name="isAnonymous">The (monotone) property, checked on the data.</param>
    /// <returns>Whether each node is anonymous, and how many nodes were checked on the data.</returns>
    public static (bool[] Anonymous, int Checked) Run(Lattice lattice, Func<int, bool> isAnonymous)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(isAnonymous);
        var tags = new sbyte[lattice.Count];   // 0 undecided, 1 anonymous, -1 not
        var checks = 0;
        var order = Enumerable.Range(0, lattice.Count).OrderBy(lattice.Height).ThenBy(n => n).ToArray();
        var path = new List<int>();
        foreach (var start in order)
        {
            if (tags[start] != 0) continue;
            path.Clear();
            for (var node = start; node >= 0; node = lattice.Successors(node).FirstOrDefault(s => tags[s] == 0, -1))
                path.Add(node);
            int low = 0, high = path.Count - 1;
            while (low <= high)
            {
                var mid = (low + high) / 2;
                var node = path[mid];
                bool anonymous;
                if (tags[node] != 0) anonymous = tags[node] > 0;
                else
                {
                    checks++;
                    anonymous = isAnonymous(node);
                    Spread(lattice, tags, node, anonymous);
                }
                if (anonymous) high = mid - 1;
                else low = mid + 1;
            }
        }
        return (tags.Select(t => t > 0).ToArray(), checks);
    }

    private static void Spread(Lattice lattice, sbyte[] tags, int node, bool anonymous)
    {
        sbyte tag = anonymous ? (sbyte)1 : (sbyte)-1;
        var stack = new Stack<int>();
        stack.Push(node);
        tags[node] = tag;
        while (stack.Count > 0)
        {
            var next = anonymous ? lattice.Successors(stack.Pop()) : lattice.Predecessors(stack.Pop());
            foreach (var n in next)
            {
                // A tagged node's own neighbours in this direction are tagged already.
                if (tags[n] != 0) continue;
                tags[n] = tag;
                stack.Push(n);
            }
        }
    }
}
