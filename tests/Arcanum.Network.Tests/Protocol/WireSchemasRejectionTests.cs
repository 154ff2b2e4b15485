using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

// Not "...Tests.Protocol": that would shadow the generated Arcanum.Network.Protocol types in the other test files.
namespace Arcanum.Network.Tests.WireProtocol;

/// <summary>Malformed answers, such as a third-party site wrote from the old proto comments, are refused with the path at fault.</summary>
public sealed class WireSchemasRejectionTests
{
    private const string Statistics = """{"version":1,"row_count":3,"columns":[{"name":"age","type":"integer","count":3,"missing":0,"sum":"150","sum_of_squares":"7700"}]}""";

    private const string NoVersion = """{"row_count":3,"columns":[{"name":"age","type":"integer","count":3,"missing":0,"sum":"150","sum_of_squares":"7700"}]}""";

    private const string Evaluation = """
        {"round":2,"holdout_rows":3,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":"NaN","brier":0.25,"ece":0.1},
         "calibration":[{"bin":4,"predicted_sum":1.35,"observed_sum":1,"count":3}]}
        """;

    [Theory]
    // DESCRIBE: the shape the proto comments used to suggest.
    [InlineData(WireDocument.DescribeResult, """{"rows":10,"target_values":["a","b"],"features":[{"name":"age","type":"numeric"}]}""",
        "$.features[0]: expected a string (a column name), got an object")]
    [InlineData(WireDocument.DescribeResult, """{"rows":-1,"target_values":["a","b"],"features":["age"]}""", "$.rows: expected at least 0")]
    // A whole number written with a decimal point passes JSON Schema's "integer" but not the reader: the path, no .NET type name.
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3.0,"holdout_rows":1,"class_counts":[1,2],"statistics":""" + Statistics + "}",
        "$.train_rows: not a value of the kind this field takes")]
    [InlineData(WireDocument.DescribeResult, """{"rows":10,"features":["age"]}""", "$: lacks the required field 'target_values'")]
    [InlineData(WireDocument.DescribeResult, """{"rows":"10","target_values":[],"features":[]}""", "$.rows: expected an integer")]
    [InlineData(WireDocument.DescribeResult, """{"rows":10,"target_values":[],"features":["age"],"columns":[{"name":"age","type":"float"}]}""",
        "$.columns[0].type: expected one of \"numeric\"")]
    [InlineData(WireDocument.DescribeResult, """{"rows":10,"target_values":[],"features":["age"],"columns":[{"name":"sex","type":"binary"}]}""",
        "$.columns[0].name: expected \"age\"")]
    [InlineData(WireDocument.DescribeResult, """{"rows":10,"target_values":[],"features":["age"],"extra":1}""", "$.extra: unknown field 'extra'; expected only rows, target_values, features, columns")]
    // STATISTICS: the encoder statistics without their version, with a float sum, with negative or inconsistent counts.
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":""" + NoVersion + "}",
        "$.statistics: lacks the required field 'version'")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":{"version":1,"row_count":3,"columns":[{"name":"age","type":"integer","count":3,"missing":0,"sum":150.0,"sum_of_squares":"7700"}]}}""",
        "$.statistics.columns[0].sum: expected a string")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":{"version":1,"row_count":3,"columns":[{"name":"age","type":"integer","count":3,"missing":0,"sum":"1.5e2","sum_of_squares":"7700"}]}}""",
        "$.statistics.columns[0].sum: expected an exact sum")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[-1,4],"statistics":""" + Statistics + "}", "$.class_counts[0]: expected at least 0, got the number -1")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,1],"statistics":""" + Statistics + "}", "$.class_counts: expected counts adding up to train_rows (3), got 2")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":{"version":1,"row_count":3,"columns":[{"name":"age","type":"integer","count":2,"missing":0,"sum":"150","sum_of_squares":"7700"}]}}""",
        "$.statistics: Invalid encoder statistics: column 'age' counts 2 values and 0 missing")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":{"version":1,"row_count":3,"columns":[{"name":"sex","type":"binary","count":3,"missing":0,"levels":{"F":2,"M":1},"sum":"0"}]}}""",
        "$.statistics.columns[0].sum: field 'sum' is not allowed here")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"statistics":"{\"version\":1}"}""", "$.statistics: expected an object")]
    // TRAIN and EVALUATE.
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"pixel_sums":{"count":100,"sum":[1.0],"sum_of_squares":[1.0]}}""",
        "$.pixel_sums.count: expected train_rows (3) x the image's pixels, got 100")]
    [InlineData(WireDocument.StatisticsResult, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"pixel_sums":{"count":300,"sum":[1.0,2.0],"sum_of_squares":[1.0]}}""",
        "$.pixel_sums.sum_of_squares: expected one per channel (2), got 1")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":6,"metrics":{"dice":0.5,"hd95":2,"pixel_dice":0.5},"calibration":[],"segmentation":{"patients":2,"hd95_patients":1,"overlap":90,"pixels":80}}}""",
        "$.evaluation.segmentation.overlap: expected at most pixels (80), got 90")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":6,"metrics":{"dice":0.5,"hd95":2,"pixel_dice":0.5},"calibration":[]}}""",
        "$.evaluation.segmentation: segmentation metrics need their counts (patients, overlap)")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":6,"metrics":{"dice":1.5,"hd95":2,"pixel_dice":0.5},"calibration":[],"segmentation":{"patients":2,"hd95_patients":1,"overlap":40,"pixels":80}}}""",
        "$.evaluation.metrics.dice: expected a value in [0, 1], got 1.5")]
    [InlineData(WireDocument.TrainResult, """{"samples":0,"steps":3,"train_loss":0.5}""", "$.samples: expected at least 1")]
    [InlineData(WireDocument.TrainResult, """{"samples":10,"train_loss":0.5}""", "$: lacks the required field 'steps'")]
    [InlineData(WireDocument.TrainResult, """{"samples":10,"steps":3,"train_loss":"low"}""", "$.train_loss: expected a number or one of \"NaN\", \"Infinity\", \"-Infinity\"")]
    [InlineData(WireDocument.TrainResult, """{"samples":10,"steps":3,"train_loss":0.5,"evaluation":{"round":2,"holdout_rows":3,"metrics":{"auroc":0.5},"calibration":[]}}""",
        "$.evaluation.metrics: lacks the required fields 'auprc'")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":0,"holdout_rows":3,"metrics":{},"calibration":[]}}""", "$.evaluation.round: expected at least 1")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":3,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":0.4,"brier":0.25,"ece":0.1},"calibration":[{"bin":10,"predicted_sum":1,"observed_sum":1,"count":3}]}}""",
        "$.evaluation.calibration[0].bin: expected at most 9")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":4,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":0.4,"brier":0.25,"ece":0.1},"calibration":[{"bin":4,"predicted_sum":1.35,"observed_sum":1,"count":3}]}}""",
        "$.evaluation.calibration: expected bin counts adding up to holdout_rows (4), got 3")]
    // Score histograms: another grid (they would not add up with other sites'), and counts at odds with holdout_rows.
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":3,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":0.4,"brier":0.25,"ece":0.1},"calibration":[{"bin":4,"predicted_sum":1.35,"observed_sum":1,"count":3}],"score_histograms":{"bins":1024,"classes":2,"ranked":[]}}}""",
        "$.evaluation.score_histograms.bins: expected 16384")]
    [InlineData(WireDocument.TrainResult, """{"samples":10,"steps":3,"train_loss":0.5,"evaluation":{"round":2,"holdout_rows":3,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":0.4,"brier":0.25,"ece":0.1},"calibration":[{"bin":4,"predicted_sum":1.35,"observed_sum":1,"count":3}],"score_histograms":{"bins":16384,"classes":2,"ranked":[{"class":1,"positives":[[7000,1]],"negatives":[[6000,1]]}]}}}""",
        "$.evaluation.score_histograms.ranked[0]: expected positives and negatives adding up to holdout_rows (3), got 2")]
    [InlineData(WireDocument.EvaluateResult, """{"evaluation":{"round":2,"holdout_rows":3,"metrics":{"auroc":0.5,"auprc":0.6,"accuracy":0.66,"balanced_accuracy":0.5,"f1":0.4,"brier":0.25,"ece":0.1},"calibration":[{"bin":4,"predicted_sum":1.35,"observed_sum":1,"count":3}],"score_histograms":{"bins":16384,"classes":2,"ranked":[{"class":1,"positives":[[7000,-1]],"negatives":[[6000,4]]}]}}}""",
        "$.evaluation.score_histograms.ranked[0].positives[0][1]: expected at least 0")]
    [InlineData(WireDocument.EvaluateResult, """{"samples":10}""", "$: lacks the required field 'evaluation'")]
    [InlineData(WireDocument.EvaluateResult, "[1,2]", "$: expected an object")]
    [InlineData(WireDocument.EvaluateResult, "{", "$: not valid JSON")]
    [InlineData(WireDocument.EvaluateResult, "", "$: expected a JSON object, got an empty document")]
    public void Check_MalformedAnswer_IsRefusedWithThePathAtFault(WireDocument kind, string json, string reason)
    {
        var why = WireSchemas.Check(kind, json);

        Assert.NotNull(why);
        Assert.True(why.StartsWith(reason, StringComparison.Ordinal), why);
    }

    [Fact]
    public void CheckResult_ValidAnswerOfEachKind_IsNull()
    {
        Assert.Null(WireSchemas.CheckResult(TaskKind.Describe, """{"rows":4,"target_values":["no","yes"],"features":["age"],"columns":[{"name":"age","type":"integer"}]}"""));
        Assert.Null(WireSchemas.CheckResult(TaskKind.Statistics, """{"train_rows":3,"holdout_rows":1,"class_counts":[1,2],"holdout_class_counts":[0,1],"statistics":""" + Statistics + "}"));
        Assert.Null(WireSchemas.CheckResult(TaskKind.Train, """{"samples":10,"steps":3,"train_loss":0.5,"evaluation":""" + Evaluation + "}"));
        Assert.Null(WireSchemas.CheckResult(TaskKind.Evaluate, """{"evaluation":""" + Evaluation + "}"));
    }

    [Fact]
    public void CheckResult_EvaluationInATrainAnswer_IsCheckedLikeAnEvaluateAnswer()
    {
        var why = WireSchemas.CheckResult(TaskKind.Train, """{"samples":10,"steps":3,"train_loss":0.5,"evaluation":""" + Evaluation.Replace("\"f1\":\"NaN\"", "\"f1\":null", StringComparison.Ordinal) + "}");

        Assert.StartsWith("$.evaluation.metrics.f1: expected a number or one of", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JobWithAnUnknownField_IsRefused()
    {
        var job = new Arcanum.Federated.Jobs.JobSpec { Data = "pima", Target = "y" }.ToJson();

        var why = WireSchemas.Check(WireDocument.Job, job.Replace("\"lr\"", "\"learning_rate\": 0.1, \"lr\"", StringComparison.Ordinal));

        Assert.StartsWith("$.learning_rate: unknown field 'learning_rate'", why, StringComparison.Ordinal);
    }
}
