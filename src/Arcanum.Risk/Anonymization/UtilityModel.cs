namespace Arcanum.Risk.Anonymization;

/// <summary>
/// The utility measures of <see cref="UtilityReport"/> for the transformations of one table, with per-level sums
/// computed once so that the generalisation-only part of the loss (a lower bound of the loss with suppression) is
/// free for every node of the lattice.
/// </summary>
internal sealed class UtilityModel
{
    private readonly EncodedData _data;
    private readonly double[][][] _share;      // [d][level][leaf]
    private readonly double[][] _shareSum;     // [d][level]: summed over records
    private readonly double[][][] _bits;       // [d][level][leaf]: -log2(records with the leaf / records in its group)
    private readonly double[][] _bitsSum;      // [d][level]
    private readonly double[][] _suppressedBits; // [d][leaf]: the same with the whole column as the group

    public UtilityModel(EncodedData data)
    {
        _data = data;
        var dims = data.Dimensions;
        _share = new double[dims][][];
        _shareSum = new double[dims][];
        _bits = new double[dims][][];
        _bitsSum = new double[dims][];
        _suppressedBits = new double[dims][];
        for (var d = 0; d < dims; d++)
        {
            var h = data.Hierarchies[d];
            var leaves = data.HierarchyRow[d].Length;
            var leafCount = new int[leaves];
            foreach (var leaf in data.Leaf[d]) leafCount[leaf]++;
            _share[d] = new double[h.Height][];
            _shareSum[d] = new double[h.Height];
            _bits[d] = new double[h.Height][];
            _bitsSum[d] = new double[h.Height];
            _suppressedBits[d] = leafCount.Select(c => -Math.Log2(c / (double)data.Rows)).ToArray();
            for (var level = 0; level < h.Height; level++)
            {
                var byRow = h.Shares(level);
                _share[d][level] = data.HierarchyRow[d].Select(r => byRow[r]).ToArray();
                var groups = data.Group[d][level];
                var groupCount = new int[data.Cardinality[d][level]];
                for (var leaf = 0; leaf < leaves; leaf++) groupCount[groups[leaf]] += leafCount[leaf];
                _bits[d][level] = Enumerable.Range(0, leaves)
                    .Select(leaf => -Math.Log2(leafCount[leaf] / (double)groupCount[groups[leaf]])).ToArray();
                for (var leaf = 0; leaf < leaves; leaf++)
                {
                    _shareSum[d][level] += leafCount[leaf] * _share[d][level][leaf];
                    _bitsSum[d][level] += leafCount[leaf] * _bits[d][level][leaf];
                }
            }
        }
    }

    /// <summary>The loss if nothing were suppressed: a lower bound of <see cref="Measure"/>'s loss, since a
    /// suppressed value (cost 1) never costs less than a generalised one.</summary>
    public double LossBound(int[] levels) =>
        Aggregate(Enumerable.Range(0, _data.Dimensions).Select(d => Normalise(_shareSum[d][levels[d]], d)));

    public UtilityReport Measure(int[] levels, Grouping grouping)
    {
        var dims = _data.Dimensions;
        var n = (double)_data.Rows;
        var loss = new double[dims];
        double precision = 0, entropy = 0;
        for (var d = 0; d < dims; d++)
        {
            var level = levels[d];
            double share = _shareSum[d][level], bits = _bitsSum[d][level];
            var top = _data.Hierarchies[d].Height - 1;
            var fraction = top == 0 ? 0 : level / (double)top;
            var levelCost = fraction * n;
            if (grouping.Outliers > 0)
            {
                var leaves = _data.Leaf[d];
                for (var row = 0; row < _data.Rows; row++)
                {
                    if (!grouping.IsSuppressed(row)) continue;
                    share += 1 - _share[d][level][leaves[row]];
                    bits += _suppressedBits[d][leaves[row]] - _bits[d][level][leaves[row]];
                    levelCost += 1 - fraction;
                }
            }
            loss[d] = Normalise(share, d);
            precision += levelCost / n / dims;
            entropy += bits;
        }
        double discernibility = (double)grouping.Outliers * _data.Rows;
        for (var c = 0; c < grouping.Sizes.Length; c++)
        {
            if (!grouping.Violates[c]) discernibility += (double)grouping.Sizes[c] * grouping.Sizes[c];
        }
        return new UtilityReport(Aggregate(loss), precision, discernibility, entropy);
    }

    /// <summary>ARX's normalisation: 0 when every record keeps its own value, 1 when every value is "*".</summary>
    private double Normalise(double sum, int d)
    {
        var n = (double)_data.Rows;
        var min = n / _data.Hierarchies[d].DomainSize;
        if (n - min <= 0) return 0;
        return Math.Max(0, (sum - min) / (n - min));
    }

    /// <summary>ARX's geometric mean over attributes, shifted by 1 so that a zero does not zero the mean.</summary>
    private static double Aggregate(IEnumerable<double> values)
    {
        var list = values.ToArray();
        var product = 1.0;
        foreach (var v in list) product *= Math.Pow(v + 1, 1.0 / list.Length);
        return product - 1;
    }
}
