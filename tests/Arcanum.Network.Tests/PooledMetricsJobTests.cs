using System.Text.Json.Nodes;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Arcanum.Network.Tests.Support;
using Arcanum.Torch;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>
/// The network's pooled AUROC and AUPRC, from the sites' summed score histograms, against the
/// simulator's figure: <see cref="ClassificationMetrics"/> on the pooled held-out predictions of the
/// same final model. Real site agents in-process against the real server.
/// </summary>
[Collection("processes")]
public sealed class PooledMetricsJobTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b"];

    private const string Job = """
        { "data": "pima", "target": "diabetes", "positive": "pos", "round_timeout_s": 60, "rounds": 2, "min_sites": 2 }
        """;

    [Fact]
    public async Task A_job_reports_the_pooled_auroc_of_its_final_model_within_the_stated_bound()
    {
        // Given
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);

        // When
        var (jobId, info, summary) = await RunAsync(server, shareScoreHistograms: true);

        // Then the job's headline AUROC is the one on every held-out row, within the bound summary.json states
        Assert.Equal("completed", info.State);
        var exact = ExactPooledMetrics(server, jobId);
        var ranking = summary["pooled_ranking"]!;
        Assert.Equal("score_histograms", (string?)ranking["basis"]);
        var aurocBound = (double)ranking["auroc_bound"]!;
        var auprcBound = (double)ranking["auprc_bound"]!;
        Assert.True(aurocBound < 1e-3, $"AUROC bound {aurocBound}");
        var job = server.Context.Store.GetJob(jobId)!;
        Assert.Equal("auroc", job.Metric);
        Assert.InRange(Math.Abs(job.MetricValue!.Value - exact.Auroc), 0, aurocBound);
        // summary.json rounds to 6 decimals
        var federated = summary["federated"]!;
        Assert.InRange(Math.Abs((double)federated["auroc"]! - exact.Auroc), 0, aurocBound + 5e-7);
        Assert.InRange(Math.Abs((double)federated["auprc"]! - exact.Auprc), 0, auprcBound + 5e-7);
        Assert.Contains("summed score histograms", (string?)summary["pooled"]);
        Assert.DoesNotContain(info.Events, e => e.Contains("site means", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_that_shares_no_histograms_takes_part_and_the_basis_says_site_means()
    {
        // Given hospital-b declines to share score histograms
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);

        // When
        var (_, info, summary) = await RunAsync(server, shareScoreHistograms: false);

        // Then
        Assert.Equal("completed", info.State);
        Assert.Equal(Sites, info.Sites);
        Assert.Contains(info.Events, e =>
            e.StartsWith("final evaluation: pooled AUROC and AUPRC are site means weighted by rows: ", StringComparison.Ordinal)
            && e.Contains("hospital-b sent no score histograms", StringComparison.Ordinal));
        Assert.Equal("site_mean", (string?)summary["pooled_ranking"]!["basis"]);
        Assert.Contains("hospital-b sent no score histograms", (string?)summary["pooled"]);
    }

    private static async Task<(string JobId, JobInfo Info, JsonNode Summary)> RunAsync(
        InProcessServer server, bool shareScoreHistograms)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites
            .Select(s => server.Agent(s, shareScoreHistograms: shareScoreHistograms || s != "hospital-b"))
            .Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(running);
        var results = JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        Assert.True(File.Exists(Path.Combine(results, "summary.json")), string.Join("\n", info.Events));
        return (job.JobId, info, JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!);
    }

    /// <summary>
    /// What the simulator computes: the final model's predictions on every site's held-out rows, pooled,
    /// through <see cref="ClassificationMetrics"/>. Each site's rows are prepared as its agent does.
    /// </summary>
    internal static ClassificationMetrics ExactPooledMetrics(InProcessServer server, string jobId, IReadOnlyList<string>? sites = null)
    {
        var row = server.Context.Store.GetJob(jobId)!;
        var job = JobSpec.Parse(row.SpecJson);
        var setup = StudySetup.FromJson(row.SetupJson!);
        var encoder = FeatureEncoder.FromJson(setup.EncoderJson!);
        var spec = StudyModel.Spec(job, setup.SampleShape, setup.ClassNames.Count, job.Data);
        var results = JobRun.ResultsDirectory(server.Context.Workspace, jobId);
        var model = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        var learner = new TorchLearner("cpu");
        var labels = new List<int>();
        var probabilities = new List<float>();
        foreach (var site in sites ?? Sites)
        {
            var options = setup.ColumnTypes is { Count: > 0 } types
                ? new CsvReadOptions { TypeOverrides = types }
                : null;
            var table = CsvTableReader.Read(server.SiteCsv(site), options);
            var split = TablePreparation.Split(table, job, setup.ClassNames, site);
            var data = TablePreparation.ToSiteData(split, encoder, setup.ClassNames.Count);
            labels.AddRange(data.Holdout.Labels);
            probabilities.AddRange(learner.PredictProbabilities(spec, model, data.Holdout));
        }
        return ClassificationMetrics.Compute(labels, probabilities.ToArray(), setup.ClassNames.Count);
    }
}
