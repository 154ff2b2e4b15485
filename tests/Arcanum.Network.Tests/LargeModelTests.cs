using Arcanum.Core.Weights;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>gRPC's 4 MiB message limit does not bound the model: weights travel in checked chunks.</summary>
[Collection("processes")]
public sealed class LargeModelTests
{
    [Fact]
    public async Task A_model_over_100_MB_goes_out_and_comes_back_in_chunks()
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites("hospital-a", "hospital-b");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var agents = new[] { "hospital-a", "hospital-b" }.Select(s => server.Agent(s, log: line => log.Enqueue($"{s}: {line}"))).ToList();
        var running = agents.Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        // Submit refuses a job no registered site offers data for: wait for both sites first (under load they took over a second).
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // 8 encoded features (the sites' "hospital" column, constant within each site, is left out) → 5000 → 5000 → 2:
        // 25.06 million float32 parameters, 100.2 MB.
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """
                { "name": "large", "data": "pima", "target": "diabetes", "positive": "pos", "model": "mlp", "hidden": [5000, 5000],
                  "rounds": 1, "local_epochs": 1, "batch_size": 512, "lr": 0.001, "min_sites": 2, "round_timeout_s": 240 }
                """,
        });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);
        Assert.True(info.State == "completed", $"{info.State}: {info.Message}\n{string.Join("\n", log)}\n{string.Join("\n", server.Log)}");

        var model = Path.Combine(Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId), "model.safetensors");
        Assert.True(new FileInfo(model).Length > 100_000_000, $"model is {new FileInfo(model).Length} bytes");
        Assert.Equal(25_060_002, SafeTensors.Read(model).ParameterCount);
        // describe, statistics, train, evaluate; an agent counts a task once its SubmitResult returns, which can be just
        // after the server has completed the job, so wait for the counters (bounded by the test's stop token).
        while (agents.Any(a => a.TasksDone < 4)) await Task.Delay(20, stop.Token);
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }
}
