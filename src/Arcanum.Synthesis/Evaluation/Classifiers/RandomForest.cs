using System.Globalization;

namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>
/// Breiman's random forest: each tree is a <see cref="DecisionTree"/> on a bootstrap sample, trying
/// √features per split; probabilities are the mean of the trees' leaf class shares (as scikit-learn).
/// Tree t draws from <c>new Random(seed + t)</c>, so the forest is the same whatever the thread count.
/// </summary>
internal sealed class RandomForest(int trees, int maxDepth, int seed) : IClassifier
{
    public string Name => "random_forest";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"Random forest of {trees} Gini trees (bootstrap samples, √features tried per split, depth at most {maxDepth}, features cut into at most {FeatureBins.MaxBins} quantile bins, seed {seed})");

    public IProbabilityModel Fit(float[] features, int width, int[] labels, int classCount)
    {
        var n = labels.Length;
        if (n == 0 || width == 0 || labels.Distinct().Count() < 2) return ConstantModel.Prior(labels, classCount);
        var bins = FeatureBins.Fit(features, width, n);
        var featuresPerSplit = Math.Max(1, (int)Math.Sqrt(width));
        var forest = new DecisionTree[trees];
        Parallel.For(0, trees, t =>
        {
            var random = new Random(unchecked(seed + t));
            var sample = new int[n];
            for (var i = 0; i < n; i++) sample[i] = random.Next(n);
            forest[t] = DecisionTree.Grow(bins, width, labels, classCount, sample, featuresPerSplit, maxDepth, minLeaf: 1, random);
        });
        return new Model(forest, width, classCount);
    }

    private sealed class Model(DecisionTree[] forest, int width, int classCount) : IProbabilityModel
    {
        public float[] PredictProbabilities(float[] features, int rows)
        {
            var output = new float[rows * classCount];
            Parallel.For(0, rows, () => new double[classCount], (i, _, sum) =>
            {
                Array.Clear(sum);
                var row = features.AsSpan(i * width, width);
                foreach (var tree in forest) tree.AddShares(row, sum);
                for (var k = 0; k < classCount; k++) output[i * classCount + k] = Math.Clamp((float)(sum[k] / forest.Length), 0f, 1f);
                return sum;
            }, _ => { });
            return output;
        }
    }
}
