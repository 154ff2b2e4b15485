using System.Text.Json.Nodes;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Jobs;
using Arcanum.Network.Transport;

// Not "...Tests.Protocol": that would shadow the generated Arcanum.Network.Protocol types in the other test files.
namespace Arcanum.Network.Tests.WireProtocol;

/// <summary>
/// The documents Arcanum's own code writes match the schemas in protos/: the schemas cannot drift
/// from the C# types without one of these failing.
/// </summary>
public sealed class WireSchemasRealDocumentTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("yes")]
    public void Check_JobAndSetupTheServerWrites_AreValid(string? positive)
    {
        // Given a job and the setup the server decides for two sites' tables
        var job = WireFixture.Job(positive);
        var steps = WireFixture.Run(job);

        // Then every server-to-site document matches its schema
        AssertValid(WireDocument.Job, job.ToJson());
        AssertValid(WireDocument.Job, new JobSpec().ToJson());
        AssertValid(WireDocument.Job, (job with { Dp = new Arcanum.Core.Learning.SampleDpOptions { Epsilon = 2 } }).ToJson());
        AssertValid(WireDocument.Job, (job with { ClientDp = new Arcanum.Federated.Privacy.ClientDpOptions { ClipNorm = 0.5 }, SecureAggregation = true, MinSites = 3 }).ToJson());
        AssertValid(WireDocument.Setup, steps.StatisticsSetup.ToJson());
        AssertValid(WireDocument.Setup, steps.Setup.ToJson());
        AssertValid(WireDocument.FeatureEncoder, steps.Setup.EncoderJson!);
        Assert.NotEmpty(steps.StatisticsSetup.ColumnTypes!);   // flag is 0/1 at one site, only 0 at the other
    }

    [Theory]
    [InlineData(null)]
    [InlineData("yes")]
    public void Check_DescribeAndStatisticsAnswersOfTheSiteCode_AreValid(string? positive)
    {
        var job = WireFixture.Job(positive);
        var steps = WireFixture.Run(job);
        foreach (var (site, d) in steps.Descriptions)
        {
            // The same record and writer SiteAgent uses for DESCRIBE.
            var describe = WireJson.Write(new DescribeResult(d.Rows, d.TargetValues, d.Features, d.Columns));
            AssertValid(WireDocument.DescribeResult, describe);

            var split = steps.Splits[site];
            var summary = steps.Summaries[site];
            var holdoutByClass = Enumerable.Range(0, steps.StatisticsSetup.ClassNames.Count).Select(c => (long)split.HoldoutLabels.Count(y => y == c)).ToArray();
            var statistics = WireJson.Write(new StatisticsResult(summary.TrainRows, summary.HoldoutRows, summary.ClassCounts, JsonNode.Parse(summary.Statistics.ToJson())!, holdoutByClass));
            AssertValid(WireDocument.StatisticsResult, statistics);
            AssertValid(WireDocument.EncoderStatistics, summary.Statistics.ToJson());
        }
    }

    [Fact]
    public void Check_DpTrainingAnswer_WithoutLossAndWithEpsilon_IsValid()
    {
        // Given what a DP site sends: no train_loss (it would be unprotected), and the epsilon spent so far
        var answer = WireJson.Write(new TrainResult(120, 12, null, null, 1.25));

        // Then it matches the schema, and a negative epsilon does not
        Assert.DoesNotContain("train_loss", answer, StringComparison.Ordinal);
        AssertValid(WireDocument.TrainResult, answer);
        Assert.NotNull(WireSchemas.Check(WireDocument.TrainResult, answer.Replace("1.25", "-1", StringComparison.Ordinal)));
    }

    [Fact]
    public void Check_EvaluationsOfTheSiteCode_AreValid_WithUndefinedMetricsAsNaN()
    {
        // Given held-out rows of two classes, and of one class only (AUROC is undefined: "NaN")
        var two = SiteEvaluation.Compute(3, [0, 1, 1, 0, 1], [0.9f, 0.1f, 0.2f, 0.8f, 0.35f, 0.65f, 0.5f, 0.5f, 0f, 1f], 2);
        var one = SiteEvaluation.Compute(3, [1, 1], [0.3f, 0.7f, 0.6f, 0.4f], 2);
        var three = SiteEvaluation.Compute(1, [0, 2, 1], [0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f, 0.3f, 0.4f, 0.3f], 3);

        foreach (var evaluation in new[] { two, one, three })
        {
            // When written as SiteAgent writes TRAIN and EVALUATE answers
            AssertValid(WireDocument.EvaluateResult, WireJson.Write(new EvaluateResult(evaluation)));
            AssertValid(WireDocument.TrainResult, WireJson.Write(new TrainResult(120, 8, 0.4127, evaluation)));
        }
        AssertValid(WireDocument.TrainResult, WireJson.Write(new TrainResult(120, 8, 0.4127, null)));
        Assert.Contains("\"NaN\"", WireJson.Write(new EvaluateResult(one)), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EncoderStatisticsExampleInTheCSharpDocs_IsValid()
    {
        const string json = """
            {"version":1,"row_count":4,"columns":[
              {"name":"age","type":"integer","count":3,"missing":1,"sum":"182","sum_of_squares":"11284"},
              {"name":"bili","type":"numeric","count":4,"missing":0,"sum":"29p-2","sum_of_squares":"265p-4"},
              {"name":"sex","type":"binary","count":4,"missing":0,"levels":{"F":3,"M":1}}]}
            """;
        AssertValid(WireDocument.EncoderStatistics, json);
        Assert.NotNull(EncoderStatistics.FromJson(json));
    }

    internal static void AssertValid(WireDocument kind, string json)
    {
        var reason = WireSchemas.Check(kind, json);
        Assert.True(reason is null, $"{kind}: {reason}\n{json}");
    }
}
