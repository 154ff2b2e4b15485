namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>A trained classifier.</summary>
internal interface IProbabilityModel
{
    /// <summary>Row-major class probabilities in [0, 1], <paramref name="rows"/> × class count.</summary>
    /// <param name="features">Row-major features of the width the model was trained on.</param>
    /// <param name="rows">Rows in <paramref name="features"/> (needed when the width is 0).</param>
    float[] PredictProbabilities(float[] features, int rows);
}
