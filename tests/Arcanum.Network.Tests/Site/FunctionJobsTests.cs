using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Site;
using Arcanum.Network.Transport;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests.Site;

/// <summary>
/// A site's part in a function-model job (the note generator), with a model that adds a constant, so the site's own
/// rules show: what each task answers, and that a site restarted during a DP job takes no further part.
/// </summary>
public sealed class FunctionJobsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private static readonly ModelWeights Global = new([new NamedArray("w", [2], [1f, 2f])]);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Train_ReturnsTheModelsWeightsItsWeightAndTheHeldOutScoreOfThePreviousRound()
    {
        var jobs = new FunctionJobs([new AddOne()], _dir.Path, _ => { }, NoKeys);
        var job = new JobSpec { Data = "notes", Task = "notes", Rounds = 3 };

        var counted = await jobs.DoAsync(NewTask(TaskKind.Statistics, 0, 0), job, "notes", "hospital-a", Download, CancellationToken.None);
        var trained = await jobs.DoAsync(NewTask(TaskKind.Train, 2, 1), job, "notes", "hospital-a", Download, CancellationToken.None);

        var counts = WireJson.Read<StatisticsResult>(counted.Json, "statistics");
        Assert.Equal((9L, 6L, 0), (counts.TrainRows, counts.HoldoutRows, counts.ClassCounts.Length));
        Assert.Null(WireSchemas.Check(WireDocument.StatisticsResult, counted.Json));
        Assert.Null(WireSchemas.Check(WireDocument.TrainResult, trained.Json));
        var result = WireJson.Read<TrainResult>(trained.Json, "training result");
        Assert.Equal(1234, result.Samples);
        Assert.Equal(1, result.Evaluation!.Round);
        Assert.Equal(500, result.Evaluation.HoldoutRows);
        Assert.Equal(0.25, result.Evaluation.Metrics["bits_per_byte"], 12);    // 125 bits over 500 units
        using var payload = new MemoryStream();
        trained.Payload!(payload);
        Assert.Equal([2f, 3f], Payloads.Part(Payloads.FromBytes(payload.ToArray()), Payloads.Weights)!["w"].Data);
    }

    [Fact]
    public async Task ASiteRestartedDuringADpJob_RefusesToTrainOn_ButWithoutDpItCarriesOn()
    {
        var dp = new JobSpec { Data = "notes", Task = "notes", Dp = new SampleDpOptions { Epsilon = 8, Delta = 1e-3 } };
        var first = new FunctionJobs([new AddOne()], _dir.Path, _ => { }, NoKeys);
        await first.DoAsync(NewTask(TaskKind.Train, 1, 0), dp, "notes", "hospital-a", Download, CancellationToken.None);

        // When the site's process starts again (its jobs' state in memory gone, its workspace kept)
        var restarted = new FunctionJobs([new AddOne()], _dir.Path, _ => { }, NoKeys);

        var error = await Assert.ThrowsAsync<JobSpecException>(() => restarted.DoAsync(NewTask(TaskKind.Train, 2, 0), dp, "notes", "hospital-a", Download, CancellationToken.None));
        Assert.Contains("privacy account", error.Message, StringComparison.Ordinal);
        var plain = dp with { Dp = null };
        var other = new FunctionJobs([new AddOne()], _dir.Sub("other"), _ => { }, NoKeys);
        await other.DoAsync(NewTask(TaskKind.Train, 1, 0), plain, "notes", "hospital-a", Download, CancellationToken.None);
        var answer = await new FunctionJobs([new AddOne()], _dir.Sub("other"), _ => { }, NoKeys)
            .DoAsync(NewTask(TaskKind.Train, 2, 0), plain, "notes", "hospital-a", Download, CancellationToken.None);
        Assert.Equal(ResultStatus.Ok, answer.Status);
    }

    [Fact]
    public async Task DataThatCannotTrainTheModel_IsARefusalWithTheReason()
    {
        var jobs = new FunctionJobs([new AddOne(openFails: "the training notes hold 12 tokens")], _dir.Path, _ => { }, NoKeys);
        var error = await Assert.ThrowsAsync<JobSpecException>(() =>
            jobs.DoAsync(NewTask(TaskKind.Statistics, 0, 0), new JobSpec { Data = "notes", Task = "notes" }, "notes", "hospital-a", Download, CancellationToken.None));
        Assert.Contains("12 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameRoundAskedAgain_GetsTheSameUpdateWithoutTrainingTwice()
    {
        var model = new AddOne();
        var jobs = new FunctionJobs([model], _dir.Path, _ => { }, NoKeys);
        var job = new JobSpec { Data = "notes", Task = "notes", Rounds = 3 };

        var first = await jobs.DoAsync(NewTask(TaskKind.Train, 1, 0), job, "notes", "hospital-a", Download, CancellationToken.None);
        var again = await jobs.DoAsync(NewTask(TaskKind.Train, 1, 0), job, "notes", "hospital-a", Download, CancellationToken.None);
        await jobs.DoAsync(NewTask(TaskKind.Train, 2, 1), job, "notes", "hospital-a", Download, CancellationToken.None);

        Assert.Equal(first.Json, again.Json);
        Assert.Equal(2, model.Trained);
    }

    [Fact]
    public async Task FewerHeldOutNotesThanTheMinimum_SendNoScore()
    {
        var jobs = new FunctionJobs([new AddOne(heldOut: FunctionJobs.MinimumHeldOutItems - 1)], _dir.Path, _ => { }, NoKeys);
        var answer = await jobs.DoAsync(NewTask(TaskKind.Train, 2, 1), new JobSpec { Data = "notes", Task = "notes" }, "notes", "hospital-a", Download, CancellationToken.None);

        var evaluation = WireJson.Read<TrainResult>(answer.Json, "training result").Evaluation!;
        Assert.Equal(0, evaluation.HoldoutRows);
        Assert.Null(WireSchemas.Check(WireDocument.TrainResult, answer.Json));
    }

    [Fact]
    public async Task TrainingThatDiverges_IsATrainingDivergedAnswerNamingTheJobsSetting()
    {
        var jobs = new FunctionJobs([new AddOne(trainFails: new ArithmeticException("Training diverged at step 3 (loss NaN); lower --lr (now 0.5)."))], _dir.Path, _ => { }, NoKeys);
        var error = await Assert.ThrowsAsync<TrainingDivergedException>(() =>
            jobs.DoAsync(NewTask(TaskKind.Train, 1, 0), new JobSpec { Data = "notes", Task = "notes" }, "notes", "hospital-a", Download, CancellationToken.None));
        Assert.Contains("notes.lr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADpJobAtASiteWithoutAWorkspace_IsRefused()
    {
        var jobs = new FunctionJobs([new AddOne()], workspace: null, _ => { }, NoKeys);
        var dp = new JobSpec { Data = "notes", Task = "notes", Dp = new SampleDpOptions { Epsilon = 8, Delta = 1e-3 } };
        var error = await Assert.ThrowsAsync<JobSpecException>(() => jobs.DoAsync(NewTask(TaskKind.Train, 1, 0), dp, "notes", "hospital-a", Download, CancellationToken.None));
        Assert.Contains("no workspace", error.Message, StringComparison.Ordinal);
    }

    private static SecureParticipation NoKeys() => new(null);

    private static Protocol.Task NewTask(TaskKind kind, int round, int evaluateRound) =>
        new() { TaskId = Guid.NewGuid().ToString("N"), JobId = "job-1", Kind = kind, Round = round, EvaluateRound = evaluateRound };

    private static Task<ModelWeights> Download(Protocol.Task task, CancellationToken ct) => System.Threading.Tasks.Task.FromResult(Payloads.Pack((Payloads.Global, Global)));

    /// <summary>A model whose training adds one to every weight and whose held-out score is 125 bits over 500 units.</summary>
    private sealed class AddOne(string? openFails = null, int heldOut = 6, Exception? trainFails = null) : IFunctionModel
    {
        public int Trained { get; private set; }

        public int HeldOut => heldOut;

        public Exception? TrainFails => trainFails;

        public string Task => JobSpec.NotesTask;

        public string Metric => "bits_per_byte";

        public void Check(JobSpec job)
        {
        }

        public ModelWeights Initialize(JobSpec job) => Global;

        public IFunctionModelSite Open(JobSpec job, string path, string siteName) => openFails is null ? new Site(this) : throw new ArgumentException(openFails);

        public void Save(JobSpec job, ModelWeights global, FunctionJobRecord record, string directory) => throw new NotSupportedException();

        private sealed class Site(AddOne model) : IFunctionModelSite
        {
            public (int Train, int HeldOut) Items => (9, model.HeldOut);

            public SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken)
            {
                if (model.TrainFails is { } e) throw e;
                model.Trained++;
                return new(new RoundResult("hospital-a", 1234, new ModelWeights([.. task.Global.Arrays.Select(a => new NamedArray(a.Name, a.Shape, [.. a.Data.Select(x => x + 1)]))]), null, 5), 0.5);
            }

            public FunctionScore? Score(ModelWeights weights) => new FunctionScore(125, 500);

            public void Dispose()
            {
            }
        }
    }
}
