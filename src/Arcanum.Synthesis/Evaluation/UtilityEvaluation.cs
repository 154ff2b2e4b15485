using System.Globalization;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation.Classifiers;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>TSTR vs TRTR for each classifier; features are re-encoded with an encoder fitted on each classifier's own training table.</summary>
internal static class UtilityEvaluation
{
    public static UtilityResult Run(DataTable train, DataTable holdout, DataTable synthetic, IReadOnlyList<string> features, EvaluationOptions options, IReadOnlyList<IClassifier> classifiers)
    {
        var notes = new List<string>();
        var target = options.Target;
        var real = LabelEncoder.Encode(train, target, options.Positive);
        var classes = real.ClassNames;
        if (real.DroppedMissing > 0) notes.Add(Invariant($"{real.DroppedMissing} training rows have no '{target}' value and were left out of TRTR."));
        var test = Label(holdout, "holdout", target, classes, options.Positive, notes);
        if (test.Labels.Length == 0)
            throw new ArgumentException($"No holdout row has a value for target '{target}'; utility cannot be measured.");
        var present = test.Labels.Distinct().Count();
        if (present < 2) notes.Add($"The holdout rows show only one class of '{target}', so AUROC is undefined; accuracy and F1 are still reported.");
        var fake = Label(synthetic, "synthetic", target, classes, options.Positive, notes);
        var syntheticCounts = new int[classes.Count];
        foreach (var y in fake.Labels) syntheticCounts[y]++;
        var absent = classes.Where((_, k) => syntheticCounts[k] == 0).ToList();
        if (fake.Labels.Length == 0)
            notes.Add($"No synthetic row has a usable '{target}' value, so nothing could be trained on the synthetic table (TSTR is missing).");
        else if (absent.Count > 0)
            notes.Add($"The synthetic table has no row of class {string.Join(", ", absent.Select(c => $"\"{c}\""))}: classifiers trained on it can never predict {(absent.Count == 1 ? "that class" : "those classes")}.");

        var trainRows = train.Select(real.Rows);
        var testRows = holdout.Select(test.Rows);
        var syntheticRows = fake.Labels.Length == 0 ? null : synthetic.Select(fake.Rows);
        var results = new List<ClassifierUtility>();
        foreach (var classifier in classifiers)
        {
            var trtr = FitAndScore(classifier, trainRows, real.Labels, testRows, test.Labels, features, classes.Count);
            var tstr = syntheticRows is null ? null : FitAndScore(classifier, syntheticRows, fake.Labels, testRows, test.Labels, features, classes.Count);
            results.Add(new ClassifierUtility(classifier.Name, classifier.Description, trtr, tstr));
        }
        var positive = classes.Count == 2 ? classes[1] : null;
        return new UtilityResult(target, classes, positive, results, notes);
    }

    private static ClassScores FitAndScore(IClassifier classifier, DataTable trainOn, int[] trainLabels, DataTable testOn, int[] testLabels, IReadOnlyList<string> features, int classCount)
    {
        var encoder = FeatureEncoder.Fit(trainOn, features);
        var model = classifier.Fit(encoder.Encode(trainOn), encoder.FeatureCount, trainLabels, classCount);
        var probabilities = model.PredictProbabilities(encoder.Encode(testOn), testOn.RowCount);
        return ClassScores.Of(testLabels, probabilities, classCount, trainLabels.Length);
    }

    /// <summary>Labels with the training table's classes; rows with a missing or unknown target are left out and counted in a note.</summary>
    private static (int[] Labels, int[] Rows) Label(DataTable table, string name, string target, IReadOnlyList<string> classes, string? positive, List<string> notes)
    {
        if (positive is not null)
        {
            var encoded = LabelEncoder.EncodeWith(table, target, classes, positive);
            if (encoded.DroppedMissing > 0) notes.Add(Invariant($"{encoded.DroppedMissing} {name} rows have no '{target}' value and were left out."));
            return (encoded.Labels, encoded.Rows);
        }
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var column = table[target];
        var labels = new List<int>();
        var rows = new List<int>();
        var missing = 0;
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < table.RowCount; r++)
        {
            var value = column.RawValue(r);
            if (value is null) missing++;
            else if (index.TryGetValue(value, out var k))
            {
                labels.Add(k);
                rows.Add(r);
            }
            else unknown[value] = unknown.GetValueOrDefault(value) + 1;
        }
        if (missing > 0) notes.Add(Invariant($"{missing} {name} rows have no '{target}' value and were left out."));
        if (unknown.Count > 0)
        {
            var examples = string.Join(", ", unknown.Keys.Take(5).Select(v => $"\"{v}\""));
            notes.Add(Invariant($"{unknown.Values.Sum()} {name} rows have a '{target}' value the training table does not have ({examples}{(unknown.Count > 5 ? ", ..." : "")}) and were left out."));
        }
        return ([.. labels], [.. rows]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
