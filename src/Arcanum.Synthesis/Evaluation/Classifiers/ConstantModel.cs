namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>Predicts the same class probabilities for every row: what is left when training rows show a single class or have no features.</summary>
internal sealed class ConstantModel(float[] probabilities) : IProbabilityModel
{
    /// <summary>The class shares of <paramref name="labels"/>.</summary>
    public static ConstantModel Prior(int[] labels, int classCount)
    {
        var counts = new int[classCount];
        foreach (var y in labels) counts[y]++;
        return new ConstantModel(counts.Select(c => labels.Length == 0 ? 1f / classCount : (float)c / labels.Length).ToArray());
    }

    public float[] PredictProbabilities(float[] features, int rows)
    {
        var output = new float[rows * probabilities.Length];
        for (var r = 0; r < rows; r++) probabilities.CopyTo(output, r * probabilities.Length);
        return output;
    }
}
