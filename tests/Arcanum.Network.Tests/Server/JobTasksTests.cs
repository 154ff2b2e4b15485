using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Network.Server;
using Arcanum.Network.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests.Server;

/// <summary>
/// The server reads every upload into one reused buffer: what the aggregation folds must still be
/// each site's own weights, bit for bit, and a damaged upload must be refused before it is folded.
/// </summary>
public sealed class JobTasksTests : IDisposable
{
    private const string JobId = "job-1";
    private static readonly string Trained = WireJson.Write(new TrainResult(10, 1, 0.5, null));
    private readonly TempDir _dir = new();
    private readonly ServerContext _server;
    private readonly ModelWeights _global = Model(seed: 0);

    public JobTasksTests()
    {
        // The transport never trains, so it needs no learner.
        _server = new ServerContext("test", _dir.Sub("server"), learner: null!, TimeProvider.System,
            TimeSpan.FromSeconds(30), 1, NullLogger.Instance);
        _server.Store.InsertJob(
            new JobRow(JobId, 1, "job", "{}", "running", "admin", 0, null, null, null, null, null, 0, null, null));
    }

    public void Dispose() => _dir.Dispose();

    private static ModelWeights Model(int seed)
    {
        var random = new Random(seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        return new ModelWeights([
            new NamedArray("fc.weight", [30, 20], Values(600)),
            new NamedArray("fc.bias", [30], Values(30)),
        ]);
    }

    private string Upload(string name, ModelWeights weights)
    {
        var path = _dir.Sub(name);
        Payloads.WriteFile(path, Payloads.Pack((Payloads.Weights, weights)));
        return path;
    }

    private IssuedTask Send(JobTasks tasks, string site, Func<SiteAnswer, CancellationToken, Task> accept)
    {
        var task = new RoundTask(1, _global, 0, null);
        var work = new SiteWork(site, WorkKind.Train, task, 0, DateTimeOffset.UtcNow.AddHours(1));
        return (IssuedTask)tasks.Send(work, accept);
    }

    private static TaskOutcome Ok => new(OutcomeStatus.Ok, "", Trained);

    [Fact]
    public async Task Accept_UploadsFromSeveralSites_FoldExactlyAsTheInMemoryWeightsDo()
    {
        // Given
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var sites = new[] { "site-a", "site-b", "site-c" };
        var uploads = sites.Select((s, i) => Model(seed: i + 1)).ToArray();
        var network = new WeightedMeanAccumulator(_global);
        var seen = new List<ModelWeights>();
        var issued = sites.Select(s => Send(tasks, s, (answer, _) =>
        {
            seen.Add(answer.Trained!.Weights.Clone());
            network.Add(answer.Trained.Weights, answer.Trained.SampleCount);
            return Task.CompletedTask;
        })).ToList();

        // When
        for (var i = 0; i < sites.Length; i++)
            await issued[i].Accept!(Ok, Upload($"{sites[i]}.part", uploads[i]), CancellationToken.None);

        // Then
        var memory = new WeightedMeanAccumulator(_global);
        foreach (var u in uploads) memory.Add(u, 10);
        var (expected, actual) = (memory.Result(), network.Result());
        for (var i = 0; i < sites.Length; i++)
            Assert.All(uploads[i].Arrays, a => Assert.Equal(a.Data, seen[i][a.Name].Data));
        Assert.All(expected.Arrays, a => Assert.Equal(a.Data, actual[a.Name].Data));
    }

    [Fact]
    public async Task Accept_TruncatedUpload_IsRefusedAndNotFolded()
    {
        // Given
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var folded = 0;
        var task = Send(tasks, "site-a", (_, _) =>
        {
            folded++;
            return Task.CompletedTask;
        });
        var path = Upload("site-a.part", Model(seed: 1));
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^100]);

        // When
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => task.Accept!(Ok, path, CancellationToken.None));

        // Then
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, folded);
    }
}
