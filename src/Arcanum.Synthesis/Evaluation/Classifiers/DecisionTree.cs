namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>
/// A CART classification tree grown on <see cref="FeatureBins"/>: Gini impurity, a random subset of
/// features tried per node (more when none of them can split), leaves holding class shares.
/// Nodes are stored flat; a leaf's <c>Feature</c> is -1.
/// </summary>
internal sealed class DecisionTree
{
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly float[] _leafShares;
    private readonly int _classCount;

    private DecisionTree(List<Node> nodes, List<float> leafShares, int classCount)
    {
        _feature = nodes.Select(n => n.Feature).ToArray();
        _threshold = nodes.Select(n => n.Threshold).ToArray();
        _left = nodes.Select(n => n.Left).ToArray();
        _right = nodes.Select(n => n.Right).ToArray();
        _leafShares = [.. leafShares];
        _classCount = classCount;
    }

    public int NodeCount => _feature.Length;

    /// <summary>Adds this tree's class shares for one row to <paramref name="sum"/>.</summary>
    public void AddShares(ReadOnlySpan<float> row, Span<double> sum)
    {
        var node = 0;
        while (_feature[node] >= 0) node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        var offset = _left[node];
        for (var k = 0; k < _classCount; k++) sum[k] += _leafShares[offset + k];
    }

    /// <param name="bins">The binned training features.</param>
    /// <param name="width">Features per row.</param>
    /// <param name="labels">Class per training row.</param>
    /// <param name="classCount">Classes.</param>
    /// <param name="sample">Training rows this tree sees (a bootstrap sample; repeats allowed). Reordered in place.</param>
    /// <param name="featuresPerSplit">Features tried at each node before looking further.</param>
    /// <param name="maxDepth">Depth cap (the root is depth 0).</param>
    /// <param name="minLeaf">Fewest sample rows in a leaf.</param>
    /// <param name="random">The tree's own random source.</param>
    public static DecisionTree Grow(FeatureBins bins, int width, int[] labels, int classCount, int[] sample, int featuresPerSplit, int maxDepth, int minLeaf, Random random)
    {
        var nodes = new List<Node>();
        var shares = new List<float>();
        var order = Enumerable.Range(0, width).ToArray();
        var histogram = new int[FeatureBins.MaxBins * classCount];
        var counts = new int[classCount];
        var leftCounts = new int[classCount];
        var stack = new Stack<(int Node, int Start, int End, int Depth)>();
        nodes.Add(default);
        stack.Push((0, 0, sample.Length, 0));
        while (stack.Count > 0)
        {
            var (id, start, end, depth) = stack.Pop();
            Array.Clear(counts);
            for (var i = start; i < end; i++) counts[labels[sample[i]]]++;
            var size = end - start;
            var pure = counts.Count(c => c > 0) <= 1;
            var split = pure || depth >= maxDepth || size < 2 * minLeaf
                ? (Feature: -1, Bin: -1)
                : BestSplit(bins, width, labels, classCount, sample, start, end, counts, order, featuresPerSplit, minLeaf, random, histogram, leftCounts);
            if (split.Feature < 0)
            {
                nodes[id] = new Node(-1, 0, shares.Count, -1);
                foreach (var c in counts) shares.Add((float)c / size);
                continue;
            }
            var middle = Partition(bins.Codes, width, sample, start, end, split.Feature, split.Bin);
            var left = nodes.Count;
            nodes.Add(default);
            nodes.Add(default);
            nodes[id] = new Node(split.Feature, bins.Thresholds[split.Feature][split.Bin], left, left + 1);
            stack.Push((left + 1, middle, end, depth + 1));
            stack.Push((left, start, middle, depth + 1));
        }
        return new DecisionTree(nodes, shares, classCount);
    }

    private static (int Feature, int Bin) BestSplit(
        FeatureBins bins, int width, int[] labels, int classCount, int[] sample, int start, int end, int[] counts,
        int[] order, int featuresPerSplit, int minLeaf, Random random, int[] histogram, int[] leftCounts)
    {
        var size = end - start;
        var best = (Feature: -1, Bin: -1);
        var bestScore = double.NegativeInfinity;
        // Like scikit-learn: draw features without replacement, and keep drawing past featuresPerSplit
        // until one of them can split at all.
        for (var tried = 0; tried < width; tried++)
        {
            if (tried >= featuresPerSplit && best.Feature >= 0) break;
            var pick = tried + random.Next(width - tried);
            (order[tried], order[pick]) = (order[pick], order[tried]);
            var f = order[tried];
            var binCount = bins.BinCount(f);
            if (binCount < 2) continue;
            Array.Clear(histogram, 0, binCount * classCount);
            for (var i = start; i < end; i++)
            {
                var row = sample[i];
                histogram[bins.Codes[row * width + f] * classCount + labels[row]]++;
            }
            Array.Clear(leftCounts);
            var leftSize = 0;
            for (var b = 0; b < binCount - 1; b++)
            {
                for (var k = 0; k < classCount; k++)
                {
                    leftCounts[k] += histogram[b * classCount + k];
                    leftSize += histogram[b * classCount + k];
                }
                var rightSize = size - leftSize;
                if (leftSize < minLeaf) continue;
                if (rightSize < minLeaf) break;
                // Maximising Σ_side Σ_k c²/n_side is minimising the size-weighted Gini impurity.
                double leftSquares = 0, rightSquares = 0;
                for (var k = 0; k < classCount; k++)
                {
                    double l = leftCounts[k], r = counts[k] - leftCounts[k];
                    leftSquares += l * l;
                    rightSquares += r * r;
                }
                var score = leftSquares / leftSize + rightSquares / rightSize;
                if (score > bestScore + 1e-12)
                {
                    bestScore = score;
                    best = (f, b);
                }
            }
        }
        return best;
    }

    /// <summary>Moves rows with bin ≤ <paramref name="bin"/> to the front; returns where the rest start.</summary>
    private static int Partition(byte[] codes, int width, int[] sample, int start, int end, int feature, int bin)
    {
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (codes[sample[i] * width + feature] <= bin) i++;
            else
            {
                (sample[i], sample[j]) = (sample[j], sample[i]);
                j--;
            }
        }
        return i;
    }

    /// <summary>A split (feature ≥ 0) or a leaf (feature -1, <c>Left</c> = offset of its class shares).</summary>
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
