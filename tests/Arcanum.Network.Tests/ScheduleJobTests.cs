using System.Collections.Concurrent;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>A learning-rate schedule in a submitted job reaches every site's trainer, round by round.</summary>
[Collection("processes")]
public sealed class ScheduleJobTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b"];

    [Fact]
    public async Task A_step_schedule_in_the_job_sets_each_rounds_rate_at_every_site()
    {
        // Given two sites whose learner records what it was asked to train with
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new ConcurrentBag<(string Site, int Round, double Rate)>();
        var running = Sites.Select(site => server.Agent(site, bulk: false, learner: new Recording(site, seen))).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // When a SCAFFOLD job halving lr 0.1 every round runs for 3 rounds
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """{ "data": "pima", "target": "diabetes", "positive": "pos", "round_timeout_s": 60, "algorithm": "scaffold", "rounds": 3, "lr": 0.1, "lr_schedule": "step:1:0.5", "min_sites": 2 }""",
        });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then every site trained round 0, 1 and 2 at 0.1, 0.05 and 0.025
        Assert.Equal("completed", info.State);
        foreach (var site in Sites)
        {
            var rounds = seen.Where(s => s.Site == site).OrderBy(s => s.Round).ToList();
            Assert.Equal([0, 1, 2], rounds.Select(r => r.Round));
            Assert.Equal([0.1, 0.05, 0.025], rounds.Select(r => Math.Round(r.Rate, 12)));
        }
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    /// <summary>The real learner, noting the round and rate of every training run.</summary>
    private sealed class Recording(string site, ConcurrentBag<(string, int, double)> seen) : ForwardingLearner
    {
        public override LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective,
            CancellationToken cancellationToken = default)
        {
            seen.Add((site, options.Round, options.RoundLearningRate));
            return base.Train(spec, start, data, options, objective, cancellationToken);
        }
    }
}
