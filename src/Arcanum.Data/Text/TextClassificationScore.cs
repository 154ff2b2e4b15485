namespace Arcanum.Data.Text;

/// <summary>
/// Accuracy and macro-F1 of predicted labels against true ones. The macro-F1 is the unweighted mean of the F1 of every
/// class that occurs in the truth or the predictions (as scikit-learn's default), so rare classes weigh as much as
/// common ones: a classifier that only ever says the majority class scores its accuracy well but its macro-F1 badly.
/// </summary>
public sealed record TextClassificationScore(double Accuracy, double MacroF1, IReadOnlyList<ClassScore> Classes)
{
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static TextClassificationScore Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count == 0 || truth.Count != predicted.Count)
            throw new ArgumentException($"Scoring needs one prediction per true label and at least one; got {truth.Count} labels and {predicted.Count} predictions.");
        var classes = truth.Concat(predicted).Distinct().Order(StringComparer.Ordinal).Select(label => new ClassScore(label,
            truth.Count(t => t == label),
            predicted.Count(p => p == label),
            truth.Where((t, i) => t == label && predicted[i] == label).Count())).ToList();
        var accuracy = (double)truth.Where((t, i) => t == predicted[i]).Count() / truth.Count;
        return new TextClassificationScore(accuracy, classes.Average(c => c.F1), classes);
    }
}
