using System.Globalization;
using Arcanum.Cli;
using Arcanum.Core.Weights;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>
/// Secure aggregation over the real protocol (real server, real mutual TLS, site agents in process): the
/// server never receives a site's weights, and a site killed in the middle of a round does not stop it.
/// </summary>
[Collection("processes")]
public sealed class SecureAggregationJobTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b", "hospital-c", "hospital-d"];

    private static string Job(int rounds) => $$"""
        { "name": "secure", "data": "pima", "target": "diabetes", "positive": "pos", "site_column": "hospital", "model": "logreg",
          "algorithm": "fedavg", "rounds": {{rounds}}, "local_epochs": 2, "batch_size": 32, "lr": 0.05, "seed": 7, "min_sites": 3,
          "round_timeout_s": 60, "secure_aggregation": true }
        """;

    [Fact]
    public async Task A_site_killed_after_its_masked_upload_still_counts_and_the_model_is_plain_fedavg_within_the_bound()
    {
        // Given four sites, of which hospital-d dies right after the server has taken its masked update (before unmasking)
        await using var server = await InProcessServer.StartAsync(sites: Sites);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var killD = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = Sites.Select(s =>
        {
            var agent = server.Agent(s, log: line => log.Enqueue($"{s}: {line}"),
                intercept: s == "hospital-d" ? new KillAfter(killD, t => t.Kind == TaskKind.Train && t.StepJson.Length > 0, afterAnswer: true) : null);
            return Task.Run(() => agent.RunAsync(s == "hospital-d" ? killD.Token : stop.Token));
        }).ToList();
        await server.WaitForOnlineSitesAsync(4, stop.Token);

        // When a one-round secure job runs
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job(1) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then it completes, hospital-d's update is in the mean (its mask was removed from its neighbours' shares),
        // and the model is the plain FedAvg model of all four sites, as the simulator computes it, within the quantisation bound
        var logs = string.Join("\n", log.Concat(server.Log));
        Assert.True(info.State == "completed", $"{info.State}: {info.Message}\n{string.Join("\n", info.Events)}\n{logs}");
        Assert.True(killD.IsCancellationRequested);
        Assert.Contains(info.Events, e => e.Contains("hospital-d", StringComparison.Ordinal) && e.Contains("round 1", StringComparison.Ordinal));
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var trained = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[0] == "1" && c[2] == "1").Select(c => c[1]).Order(StringComparer.Ordinal);
        Assert.Equal(Sites, trained);
        var network = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        var plain = Simulate(server, Job(1).Replace("\"secure_aggregation\": true", "\"secure_aggregation\": false", StringComparison.Ordinal));
        // Δ = 2c / L with c = 8 and L = ⌊(2^32 − 1) / (4 · largest site's rows)⌋: about 2.4e-6 here (measured: 1.7e-6), plus float order.
        var difference = LocalFederation.MaxDifference(network, plain);
        Assert.True(difference < 5e-6f, $"max difference {difference}");
        var threeSites = Simulate(server, Job(1).Replace("\"secure_aggregation\": true", "\"secure_aggregation\": false", StringComparison.Ordinal), exclude: "hospital-d");
        Assert.True(LocalFederation.MaxDifference(network, threeSites) > 100 * difference, "the test cannot tell three sites' mean from four");
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task A_site_killed_before_its_masked_upload_is_left_out_and_the_round_still_completes()
    {
        // Given four sites, of which hospital-d dies as soon as it is handed its training task in round 1
        await using var server = await InProcessServer.StartAsync(sites: Sites);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var killD = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var running = Sites.Select(s =>
        {
            var agent = server.Agent(s, intercept: s == "hospital-d" ? new KillAfter(killD, t => t.Kind == TaskKind.Train && t.StepJson.Length > 0, afterAnswer: false) : null);
            return Task.Run(() => agent.RunAsync(s == "hospital-d" ? killD.Token : stop.Token));
        }).ToList();
        await server.WaitForOnlineSitesAsync(4, stop.Token);

        // When a two-round secure job runs
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job(2) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then both rounds complete with the three others (hospital-d's pairwise masks removed), and round 2 does not wait for it
        Assert.True(info.State == "completed", $"{info.State}: {info.Message}\n{string.Join("\n", info.Events)}\n{string.Join("\n", server.Log)}");
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Sites[..3], rows.Where(c => c[0] == "1" && c[2] == "1").Select(c => c[1]).Order(StringComparer.Ordinal));
        Assert.Equal(Sites[..3], rows.Where(c => c[0] == "2" && c[2] == "1").Select(c => c[1]).Order(StringComparer.Ordinal));
        Assert.Contains(info.Events, e => e.Contains("round 2: hospital-d gets no task", StringComparison.Ordinal));
        var model = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        Assert.All(model.Arrays, a => Assert.All(a.Data, v => Assert.True(float.IsFinite(v))));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task Under_secure_aggregation_the_pooled_auroc_is_exact_and_no_sites_score_histograms_reach_the_server()
    {
        // Given four sites and a two-round secure job
        await using var server = await InProcessServer.StartAsync(sites: Sites);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var running = Sites.Select(s => server.Agent(s)).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(4, stop.Token);

        // When it runs
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job(2) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then the final AUROC is the one on every held-out row (the histograms were summed securely, round 1's model's too),
        // and the server stored no site's histograms
        Assert.True(info.State == "completed", $"{info.State}: {info.Message}\n{string.Join("\n", info.Events)}");
        var exact = PooledMetricsJobTests.ExactPooledMetrics(server, job.JobId, Sites);
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!;
        Assert.Equal("score_histograms", (string?)summary["pooled_ranking"]!["basis"]);
        var bound = (double)summary["pooled_ranking"]!["auroc_bound"]!;
        Assert.InRange(Math.Abs(server.Context.Store.GetJob(job.JobId)!.MetricValue!.Value - exact.Auroc), 0, bound);
        Assert.DoesNotContain(info.Events, e => e.Contains("site means", StringComparison.Ordinal));
        var rows = server.Context.Store.RoundRows(job.JobId);
        Assert.Contains(rows, r => r.MetricsJson is not null && r.Round == 1);
        Assert.All(rows, r => Assert.Null(r.HistogramsJson));
        Assert.Contains("summed score histograms", (string?)summary["pooled"]);
        Assert.Equal([1, 2], new Arcanum.Network.Server.JobFiles(Path.Combine(server.Context.Workspace, "jobs", job.JobId)).LoadSecureSums().Keys.Order());
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task Client_dp_under_secure_aggregation_on_the_network_adds_the_noise_at_the_sites()
    {
        // Given four sites and a secure job with client-level DP: each site clips and noises its own change
        await using var server = await InProcessServer.StartAsync(sites: Sites);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var running = Sites.Select(s => server.Agent(s)).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(4, stop.Token);

        // When two rounds run
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = Job(2).Replace("\"secure_aggregation\": true", "\"secure_aggregation\": true, \"client_dp\": { \"noise_multiplier\": 1.0, \"clip_norm\": 0.5, \"accountant\": \"rdp\" }",
                StringComparison.Ordinal),
        });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then ε is the accountant's for σ = 1 over all four (no dropout), and the summary says the server is covered too
        Assert.True(info.State == "completed", $"{info.State}: {info.Message}\n{string.Join("\n", info.Events)}");
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var privacy = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!["privacy"]!;
        Assert.Equal(Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 4, 4, 2, 1e-5), (double)privacy["epsilon"]!, 3);
        Assert.True((bool)privacy["protects_against_server"]!);
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    /// <summary>The same job in the simulator on the pooled rows (split by the hospital column), optionally without one site's rows.</summary>
    private static ModelWeights Simulate(InProcessServer server, string jobJson, string? exclude = null)
    {
        var data = server.Dir.Sub("full.csv");
        if (exclude is not null)
        {
            var kept = File.ReadAllLines(data).Where(l => !l.EndsWith($"\"{exclude}\"", StringComparison.Ordinal));
            data = server.Dir.File($"without-{exclude}.csv", string.Join("\n", kept) + "\n");
        }
        var jobFile = server.Dir.File($"plain-{exclude}.json", jobJson);
        var output = server.Dir.Sub($"simulated-{exclude}");
        var run = CliRun.Of("simulate", "--job", jobFile, "--data", data, "--out", output, "--parallel", "1");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return SafeTensors.Read(Path.Combine(output, "model.safetensors"));
    }

    /// <summary>
    /// Kills a site agent (cancels its token) when it is handed a task <paramref name="matches"/> accepts: at once,
    /// or once the server has taken its answer (<paramref name="afterAnswer"/>). The site then falls silent, as a
    /// crashed process would.
    /// </summary>
    private sealed class KillAfter(CancellationTokenSource kill, Func<Protocol.Task, bool> matches, bool afterAnswer) : Interceptor
    {
        private volatile bool _armed;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
            AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            if (request is not PullTaskRequest) return call;
            async Task<TResponse> Observe()
            {
                var response = await call.ResponseAsync.ConfigureAwait(false);
                if (response is PullTaskReply { Task: { } task } && matches(task))
                {
                    if (afterAnswer) _armed = true;
                    else await kill.CancelAsync().ConfigureAwait(false);
                }
                return response;
            }
            return new AsyncUnaryCall<TResponse>(Observe(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context,
            AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(context);
            async Task<TResponse> Observe()
            {
                var response = await call.ResponseAsync.ConfigureAwait(false);
                if (_armed) await kill.CancelAsync().ConfigureAwait(false);
                return response;
            }
            return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, Observe(), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }
    }
}
