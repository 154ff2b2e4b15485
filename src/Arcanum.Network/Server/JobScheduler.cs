using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Server;

/// <summary>
/// Starts queued jobs in submission order, at most <see cref="ServerContext.MaxConcurrentJobs"/> at
/// once. At start-up, jobs left running by a previous server process resume first.
/// </summary>
public sealed class JobScheduler(ServerContext server) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (JobRun Run, Task Task)> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake() => _wake.Release();

    /// <summary>Aborts a job: a running one stops at once (its open tasks close), a queued one never starts.</summary>
    public void Abort(string jobId)
    {
        if (_running.TryGetValue(jobId, out var r)) r.Run.Abort.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var job in server.Store.JobsInState(JobStates.Running)) Start(job.Id, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var (id, r) in _running.Where(p => p.Value.Task.IsCompleted).ToList()) _running.TryRemove(id, out _);
            foreach (var job in server.Store.JobsInState(JobStates.Queued))
            {
                if (_running.Count >= server.MaxConcurrentJobs) break;
                Start(job.Id, stoppingToken);
            }
            try
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_running.Values.Select(r => r.Task)).ConfigureAwait(false);
    }

    private void Start(string jobId, CancellationToken stoppingToken)
    {
        var run = new JobRun(server, jobId);
        server.Logger.LogInformation("Job {Job}: starting", jobId);
        server.Store.UpdateJob(jobId, state: JobStates.Running);
        _running[jobId] = (run, Task.Run(() => run.RunAsync(stoppingToken), CancellationToken.None));
    }
}
