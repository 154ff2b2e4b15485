using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Data.Synthetic;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// metrics.json: every number of an <see cref="EvaluationResult"/> in snake_case keys that stay stable
/// (<see cref="Format"/> changes when they do). Undefined numbers (NaN) are null. Top-level keys:
/// <c>format</c>, <c>inputs</c> (row counts, columns, target, seed, rows used by distance checks),
/// <c>verdicts</c> (check, title, level good/worry/undetermined, summary, threshold), <c>fidelity</c>
/// (score, column_shapes, pair_trends, columns[], pairs[]), <c>utility</c> (classes, positive_class,
/// classifiers[] with trtr/tstr auroc, macro_f1, accuracy and ratio), <c>privacy</c> (distances: DCR
/// and NNDR percentiles, share_closer_to_train, exact copies; membership_inference: auroc, advantage),
/// <c>notes</c> and <c>explanations</c> (what each measure means and when to worry).
/// </summary>
public static class MetricsJson
{
    /// <summary>Names this layout; a reader can refuse a format it does not know.</summary>
    public const string Format = "arcanum.synthetic-evaluation.v1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(EvaluationResult result) => Build(result).ToJsonString(Indented) + "\n";

    public static JsonObject Build(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var i = result.Inputs;
        return new JsonObject
        {
            ["format"] = Format,
            ["inputs"] = new JsonObject
            {
                ["train_rows"] = i.TrainRows,
                ["holdout_rows"] = i.HoldoutRows,
                ["synthetic_rows"] = i.SyntheticRows,
                ["columns"] = Strings(i.Columns),
                ["feature_columns"] = Strings(i.FeatureColumns),
                ["ignored_identifier_columns"] = Strings(i.IgnoredColumns),
                ["target"] = i.Target,
                ["positive"] = i.Positive,
                ["seed"] = i.Seed,
                ["distance_rows"] = new JsonObject
                {
                    ["train"] = i.DistanceRows.Train,
                    ["holdout"] = i.DistanceRows.Holdout,
                    ["synthetic"] = i.DistanceRows.Synthetic,
                },
            },
            ["verdicts"] = new JsonArray([.. result.Verdicts.Select(v => (JsonNode)new JsonObject
            {
                ["check"] = v.Check,
                ["title"] = v.Title,
                ["level"] = v.LevelName,
                ["summary"] = v.Summary,
                ["threshold"] = v.Threshold,
            })]),
            ["fidelity"] = Fidelity(result.Fidelity),
            ["utility"] = Utility(result.Utility),
            ["privacy"] = new JsonObject
            {
                ["distances"] = Distances(result.Privacy),
                ["membership_inference"] = new JsonObject
                {
                    ["auroc"] = N(result.MembershipInference.Auroc),
                    ["advantage"] = N(result.MembershipInference.Advantage),
                    ["members"] = result.MembershipInference.Members,
                    ["non_members"] = result.MembershipInference.NonMembers,
                    ["attack"] = "minus the Euclidean distance to the closest synthetic row, features encoded as for training",
                    ["notes"] = Strings(result.MembershipInference.Notes),
                },
            },
            ["notes"] = Strings(result.Notes),
            ["explanations"] = new JsonObject
            {
                ["fidelity_score"] = FidelityScore.Explanation,
                ["column_distance"] = ColumnDistance.Explanation,
                ["pair_difference"] = PairDifference.Explanation,
                ["utility"] = UtilityResult.Explanation,
                ["privacy_distances"] = PrivacyReport.Explanation,
                ["membership_inference"] = MembershipInferenceResult.Explanation,
            },
        };
    }

    private static JsonObject Fidelity(FidelityResult f) => new()
    {
        ["score"] = N(f.Score.Overall),
        ["column_shapes"] = N(f.Score.ColumnShapes),
        ["pair_trends"] = N(f.Score.PairTrends),
        ["columns"] = new JsonArray([.. f.Columns.Select(c => (JsonNode)new JsonObject
        {
            ["column"] = c.Column,
            ["measure"] = c.Kind,
            ["distance"] = N(c.Distance),
            ["missing_rate_difference"] = N(c.MissingRateDifference),
        })]),
        ["pairs"] = new JsonArray([.. f.Pairs.Select(p => (JsonNode)new JsonObject
        {
            ["first"] = p.First,
            ["second"] = p.Second,
            ["measure"] = p.Measure,
            ["real"] = N(p.Real),
            ["synthetic"] = N(p.Synthetic),
            ["difference"] = N(p.Difference),
        })]),
    };

    private static JsonObject Utility(UtilityResult u) => new()
    {
        ["target"] = u.Target,
        ["classes"] = Strings(u.ClassNames),
        ["positive_class"] = u.PositiveClass,
        ["auroc"] = u.PositiveClass is null ? "macro one-vs-rest" : "binary, ranking by p(positive_class)",
        ["classifiers"] = new JsonArray([.. u.Classifiers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["description"] = c.Description,
            ["trtr"] = Scores(c.Trtr),
            ["tstr"] = c.Tstr is null ? null : Scores(c.Tstr),
            ["ratio"] = new JsonObject
            {
                ["auroc"] = N(c.AurocRatio),
                ["macro_f1"] = N(c.MacroF1Ratio),
                ["accuracy"] = N(c.AccuracyRatio),
            },
        })]),
        ["notes"] = Strings(u.Notes),
    };

    private static JsonObject Scores(ClassScores s) => new()
    {
        ["auroc"] = N(s.Auroc),
        ["macro_f1"] = N(s.MacroF1),
        ["accuracy"] = N(s.Accuracy),
        ["training_rows"] = s.TrainingRows,
        ["test_rows"] = s.TestRows,
    };

    private static JsonObject Distances(PrivacyReport p) => new()
    {
        ["synthetic_to_train_dcr"] = Percentiles(p.SyntheticToTrain),
        ["holdout_to_train_dcr"] = Percentiles(p.HoldoutToTrain),
        ["share_closer_to_train"] = N(p.ShareCloserToTrain),
        ["nndr"] = Percentiles(p.NearestNeighbourRatio),
        ["exact_copies"] = p.ExactCopies,
        ["exact_copy_share"] = N(p.ExactCopyShare),
        ["synthetic_rows"] = p.SyntheticRows,
        ["compared_rows_per_set"] = p.ComparedRowsPerSet,
        ["warnings"] = Strings(p.Warnings),
        ["notes"] = Strings(p.Notes),
    };

    private static JsonObject Percentiles(Percentiles p) => new()
    {
        ["p5"] = N(p.P5),
        ["p25"] = N(p.P25),
        ["p50"] = N(p.P50),
        ["p75"] = N(p.P75),
        ["p95"] = N(p.P95),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static JsonNode? N(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
