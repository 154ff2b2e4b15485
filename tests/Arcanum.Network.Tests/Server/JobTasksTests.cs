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

    [Theory]
    [InlineData("table", "segmentation")]
    [InlineData("table", "notes")]
    [InlineData("segmentation", "table")]
    [InlineData("notes", "table")]
    [InlineData("notes", "segmentation")]
    public async Task Accept_EvaluationOfTheOtherKindOfJob_IsRefusedAndNotFolded(string jobKind, string evaluationKind)
    {
        // Given a job of one kind and a site whose evaluation is of another (classification metrics, Dice with its counts, or a notes score)
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName)
        {
            Segmentation = jobKind == "segmentation",
            ScoreMetric = jobKind == "notes" ? "bits_per_byte" : null,
        };
        var evaluation = evaluationKind switch
        {
            "table" => new SiteEvaluation(1, 4, new Dictionary<string, double> { ["auroc"] = 0.7, ["auprc"] = 0.6, ["accuracy"] = 0.7, ["balanced_accuracy"] = 0.7, ["f1"] = 0.6, ["brier"] = 0.2, ["ece"] = 0.1 }, []),
            "segmentation" => new SiteEvaluation(1, 4, new Dictionary<string, double> { ["dice"] = 0.7, ["hd95"] = 2, ["pixel_dice"] = 0.7 }, [], null, new SegmentationCounts(2, 2, 70, 100)),
            _ => new SiteEvaluation(1, 400, new Dictionary<string, double> { ["bits_per_byte"] = 2.5 }, []),
        };
        var folded = 0;
        var task = Send(tasks, "site-a", (_, _) =>
        {
            folded++;
            return Task.CompletedTask;
        });

        // When
        var answer = new TaskOutcome(OutcomeStatus.Ok, "", WireJson.Write(new TrainResult(10, 1, 0.5, evaluation)));
        var e = await Assert.ThrowsAsync<FormatException>(() => task.Accept!(answer, Upload("site-a.part", Model(seed: 1)), CancellationToken.None));

        // Then
        Assert.StartsWith("$.evaluation", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, folded);
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

    [Fact]
    public async Task Accept_UploadFoldedPieceByPiece_EqualsTheInMemoryFoldBitForBit()
    {
        // Given: arrays larger than one 1 MiB piece, in both plain and difference folds
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var global = Large(seed: 0);
        var uploads = new[] { Large(seed: 1), Large(seed: 2) };
        var streamed = new WeightedMeanAccumulator(global);
        var difference = new WeightedMeanAccumulator(global);
        var unread = new List<bool>();
        var issued = uploads.Select((_, i) => Send(tasks, $"site-{i}", (answer, _) =>
        {
            unread.Add(answer.Trained!.IsUnread);
            streamed.Add(answer.Trained.Upload!, answer.Trained.SampleCount);
            difference.Add(answer.Trained.Upload!, answer.Trained.SampleCount, global);
            return Task.CompletedTask;
        })).ToList();

        // When
        for (var i = 0; i < uploads.Length; i++)
            await issued[i].Accept!(Ok, Upload($"site-{i}.part", uploads[i]), CancellationToken.None);

        // Then
        var plain = new WeightedMeanAccumulator(global);
        var plainDifference = new WeightedMeanAccumulator(global);
        foreach (var u in uploads)
        {
            plain.Add(u, 10);
            plainDifference.AddDifference(u, global, 10);
        }
        Assert.Equal([true, true], unread);
        var (expected, actual) = (plain.Result(), streamed.Result());
        Assert.All(expected.Arrays, a => Assert.Equal(a.Data, actual[a.Name].Data));
        var (expectedDifference, actualDifference) = (plainDifference.Result(), difference.Result());
        Assert.All(expectedDifference.Arrays, a => Assert.Equal(a.Data, actualDifference[a.Name].Data));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task Accept_UploadWithANonFiniteValue_IsRefusedAndFoldsNothing(float bad)
    {
        // Given: one bad value in the last piece of the largest array
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var global = Large(seed: 0);
        var sum = new WeightedMeanAccumulator(global);
        var task = Send(tasks, "site-a", (answer, _) =>
        {
            sum.Add(answer.Trained!.Upload!, 1);
            return Task.CompletedTask;
        });
        var upload = Large(seed: 1);
        upload.Arrays[0].Data[^3] = bad;

        // When
        var e = await Assert.ThrowsAsync<FormatException>(() => task.Accept!(Ok, Upload("site-a.part", upload), CancellationToken.None));

        // Then
        Assert.Contains("not a finite number in array 'big'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, sum.Count);
    }

    [Fact]
    public async Task Accept_ArraysWrittenInAnotherOrder_AreMatchedByName()
    {
        // Given: a third-party site that writes its arrays sorted by name
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var global = Large(seed: 0);
        var upload = Large(seed: 1);
        var sum = new WeightedMeanAccumulator(global);
        var task = Send(tasks, "site-a", (answer, _) =>
        {
            sum.Add(answer.Trained!.Upload!, 1);
            return Task.CompletedTask;
        });
        var reversed = new ModelWeights(upload.Arrays.Reverse().ToList());

        // When
        await task.Accept!(Ok, Upload("site-a.part", reversed), CancellationToken.None);

        // Then
        var result = sum.Result();
        Assert.All(upload.Arrays, a => Assert.Equal(a.Data, result[a.Name].Data));
    }

    [Fact]
    public async Task Accept_UploadMissingAnArray_IsRefusedNamingIt()
    {
        // Given
        var tasks = new JobTasks(_server, JobId, Directory.CreateDirectory(_dir.Sub("job")).FullName);
        var sum = new WeightedMeanAccumulator(Large(seed: 0));
        var task = Send(tasks, "site-a", (answer, _) =>
        {
            sum.Add(answer.Trained!.Upload!, 1);
            return Task.CompletedTask;
        });
        var partial = new ModelWeights([Large(seed: 1).Arrays[0]]);

        // When
        var e = await Assert.ThrowsAsync<ArgumentException>(() => task.Accept!(Ok, Upload("site-a.part", partial), CancellationToken.None));

        // Then
        Assert.Contains("missing array 'small'", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, sum.Count);
    }

    /// <summary>A model whose first array spans several 1 MiB pieces and ends in a partial one.</summary>
    private static ModelWeights Large(int seed)
    {
        var random = new Random(seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        return new ModelWeights([
            new NamedArray("big", [700, 1000], Values(700_000)),
            new NamedArray("small", [7], Values(7)),
        ]);
    }
}
