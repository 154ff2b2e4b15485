using System.Globalization;
using Arcanum.Core.Weights;
using Arcanum.Data.Text;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Torch.Text;

/// <summary>
/// The note generator as a network job's model (<c>"task": "notes"</c>): the server starts it from the job's seed and
/// writes the finished model as <c>notes fit</c> does (so <c>notes sample --model</c> reads it), and each site trains it
/// on its own folder of notes (<see cref="NoteCorpus"/>) with the same <see cref="NoteSite"/> the in-process federation
/// uses, so the same job gives the same model in both worlds.
/// </summary>
public sealed class NoteJobModel(string device = "cpu") : IFunctionModel
{
    public string Task => JobSpec.NotesTask;

    public string Metric => "bits_per_byte";

    /// <summary>The training schedule a notes job stands for: rounds x local steps, its seed, and DP-SGD when the job has dp.</summary>
    public static NoteTrainingOptions Options(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var n = job.NotesOptions;
        return new NoteTrainingOptions
        {
            Shape = new NoteModelShape(n.Width, n.Layers, n.Heads, n.Context),
            Steps = job.Rounds * n.LocalSteps,
            BatchSize = n.BatchSize,
            LearningRate = n.LearningRate,
            Warmup = n.Warmup,
            WeightDecay = n.WeightDecay,
            HoldoutFraction = n.Holdout,
            Seed = job.Seed,
            Privacy = job.Dp is { } dp ? new NotePrivacy(dp.Epsilon, dp.Delta, dp.Clip) : null,
        };
    }

    public void Check(JobSpec job) => Options(job).Validate();

    public ModelWeights Initialize(JobSpec job) => NoteGenerator.InitialWeights(Options(job).Shape, job.Seed);

    public IFunctionModelSite Open(JobSpec job, string path, string siteName)
    {
        var options = Options(job);
        options.Validate();
        var corpus = NoteCorpus.Read(path);
        TorchRuntime.EnsureLoaded();
        return new NoteSite(siteName, corpus.Notes, options, job.NotesOptions.LocalSteps, TorchRuntime.ResolveDevice(device));
    }

    public void Save(JobSpec job, ModelWeights global, FunctionJobRecord record, string directory)
    {
        var options = Options(job);
        var card = FederatedCard(options, job.NotesOptions.LocalSteps, global.ParameterCount, "cpu", record);
        card = card with
        {
            Federation = card.Federation! with
            {
                Network = true,
                Privacy = Privacy(job, record),
            },
        };
        using var generator = NoteGenerator.FromWeights(global, card);
        generator.Save(directory);
    }

    /// <summary>What protected the sites beyond keeping their notes: DP-SGD at each, secure aggregation, both, or null.</summary>
    private static string? Privacy(JobSpec job, FunctionJobRecord record)
    {
        var parts = new List<string>();
        if (job.Dp is { } dp)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"DP-SGD at every site to epsilon {dp.Epsilon:G4} at delta {dp.Delta:G3}, each note's gradient clipped to {dp.Clip:G3}; {NoteTrainer.PrivacyUnit}. Each site calibrated its own noise to its notes and reported only what it spent (epsilon per site above)."));
        if (job.ClientDp is { } clientDp)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"Client-level DP (DP-FedAvg): each site's update clipped to {clientDp.ClipNorm:G3}, Gaussian noise of {clientDp.NoiseMultiplier:G3} x the clip on the sum; epsilon {(record.ClientEpsilon is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "not recorded")} at delta {clientDp.Delta:G3} over the job, one whole site the unit protected, against whoever sees the model."));
        if (job.SecureAggregation)
            parts.Add("Secure aggregation (SecAgg+): the server saw only the sum of the sites' updates, each weighted by its training KiB (at most 1,000) inside the masked sum, never one site's update or byte count (training bytes: null).");
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>The card of a federated note generator, from the schedule and what the job did (the in-process fit adds its speed and DP budget).</summary>
    internal static NoteModelCard FederatedCard(NoteTrainingOptions schedule, int localSteps, long parameters, string device, FunctionJobRecord record) => new()
    {
        Shape = schedule.Shape,
        Parameters = parameters,
        Steps = schedule.Steps,
        BatchSize = schedule.BatchSize,
        LearningRate = schedule.LearningRate,
        Seed = schedule.Seed,
        TrainingNotes = record.Sites.Sum(s => s.TrainItems),
        HeldOutNotes = record.Sites.Sum(s => s.HeldOutItems),
        TrainingBytes = record.Sites.All(s => s.Weight is not null) ? record.Sites.Sum(s => s.Weight!.Value) : null,
        HeldOutBitsPerByte = record.PooledScore is { } p ? Math.Round(p, 4) : null,
        FinalTrainingLoss = record.MeanTrainingLoss is { } loss ? Math.Round(loss, 4) : null,
        Seconds = Math.Round(record.Elapsed.TotalSeconds, 1),
        Device = device,
        StoppedEarly = record.StoppedEarly,
        Federation = new NoteFederationCard(record.Algorithm, record.Rounds, localSteps,
            [.. record.Sites.Select(s => new NoteSiteCard(s.Name, s.TrainItems, s.HeldOutItems, s.Weight, s.Score is { } b ? Math.Round(b, 4) : null, s.Epsilon is { } e ? Math.Round(e, 4) : null))]),
    };
}
