namespace Arcanum.Data.Text;

/// <summary>
/// Multinomial naive Bayes on word counts (lower-cased runs of letters and digits, and each pair of neighbouring words):
/// a class's prior is its share of the training texts, and a word's probability in a class is its count there plus
/// <c>alpha</c> over the class's word total plus <c>alpha</c> times the vocabulary (Laplace smoothing). The well-known
/// baseline for telling kinds of text apart, chosen so a comparison (real against synthetic training text) is about the
/// text and not the model: nothing is tuned. Words never seen in training are ignored.
/// </summary>
public sealed class NaiveBayesTextClassifier
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly double[] _logPrior;
    private readonly double[][] _logLikelihood;

    private NaiveBayesTextClassifier(string[] classes, Dictionary<string, int> vocabulary, double[] logPrior, double[][] logLikelihood)
    {
        Classes = classes;
        _vocabulary = vocabulary;
        _logPrior = logPrior;
        _logLikelihood = logLikelihood;
    }

    /// <summary>The training labels, in ordinal order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Words and word pairs seen in training.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <exception cref="ArgumentException">No texts, a text without a label, or a smoothing that is not positive.</exception>
    public static NaiveBayesTextClassifier Fit(IReadOnlyList<string> texts, IReadOnlyList<string> labels, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        if (texts.Count == 0 || texts.Count != labels.Count)
            throw new ArgumentException($"The classifier needs at least one text and one label per text; got {texts.Count} texts and {labels.Count} labels.");
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentException($"The smoothing must be a positive number; got {alpha}.");
        var classes = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = classes.Select(_ => new List<double>()).ToArray();
        var documents = new int[classes.Length];
        for (var t = 0; t < texts.Count; t++)
        {
            var c = classIndex[labels[t]];
            documents[c]++;
            foreach (var feature in Features(texts[t]))
            {
                if (!vocabulary.TryGetValue(feature, out var f)) vocabulary[feature] = f = vocabulary.Count;
                var row = counts[c];
                while (row.Count <= f) row.Add(0);
                row[f]++;
            }
        }
        var size = vocabulary.Count;
        var logLikelihood = new double[classes.Length][];
        for (var c = 0; c < classes.Length; c++)
        {
            var row = new double[size];
            counts[c].CopyTo(row);
            var denominator = Math.Log(row.Sum() + alpha * size);
            for (var f = 0; f < size; f++) row[f] = Math.Log(row[f] + alpha) - denominator;
            logLikelihood[c] = row;
        }
        var logPrior = documents.Select(d => Math.Log((double)d / texts.Count)).ToArray();
        return new NaiveBayesTextClassifier(classes, vocabulary, logPrior, logLikelihood);
    }

    /// <summary>The most probable class (the first in <see cref="Classes"/> order on a tie).</summary>
    public string Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = (double[])_logPrior.Clone();
        foreach (var feature in Features(text))
        {
            if (!_vocabulary.TryGetValue(feature, out var f)) continue;
            for (var c = 0; c < scores.Length; c++) scores[c] += _logLikelihood[c][f];
        }
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
            if (scores[c] > scores[best]) best = c;
        return Classes[best];
    }

    /// <summary>Each word, then each pair of neighbouring words ("chest pain" says more than "chest" and "pain").</summary>
    internal static IEnumerable<string> Features(string text)
    {
        var words = Words(text).ToList();
        foreach (var w in words) yield return w;
        for (var i = 1; i < words.Count; i++) yield return words[i - 1] + " " + words[i];
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }
}
