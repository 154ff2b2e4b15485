namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>A learner that turns row-major float features and class labels into a probability model.</summary>
internal interface IClassifier
{
    /// <summary>The name reports and metrics.json use, e.g. "logistic_regression".</summary>
    string Name { get; }

    /// <summary>One sentence saying what it is and how it is configured.</summary>
    string Description { get; }

    /// <param name="features">Row-major, <c>labels.Length</c> × <paramref name="width"/>.</param>
    /// <param name="width">Features per row.</param>
    /// <param name="labels">Class of each row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Classes of the task, at least 2; some may have no row.</param>
    IProbabilityModel Fit(float[] features, int width, int[] labels, int classCount);
}
