using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A model family outside the <see cref="Arcanum.Core.Learning.ILearner"/> family whose sites train by a function of the
/// round's task (the note generator): the server asks it for the initial weights and to write the finished model, a site
/// opens its part of a job over its own data. The CLI hands the Torch implementation to the server and the sites, as it
/// hands them the learner, so the network code stays on plain arrays.
/// </summary>
public interface IFunctionModel : IJobModel
{
    /// <summary>The held-out score a site reports (a mean over <see cref="FunctionScore.Count"/> units; lower is better), e.g. bits_per_byte.</summary>
    string Metric { get; }

    /// <summary>The job's initial global weights (from its seed).</summary>
    ModelWeights Initialize(JobSpec job);

    /// <summary>
    /// This site's part in <paramref name="job"/>, over the data at <paramref name="path"/>; kept for the job's rounds.
    /// <paramref name="siteName"/> seeds the site's split and training, so it does the same in the simulator and at the hospital.
    /// </summary>
    /// <exception cref="ArgumentException">Data that does not fit the job (too little text, a delta too large for it).</exception>
    IFunctionModelSite Open(JobSpec job, string path, string siteName);

    /// <summary>Writes the finished model and its card into <paramref name="directory"/> (an existing, empty folder).</summary>
    void Save(JobSpec job, ModelWeights global, FunctionJobRecord record, string directory);
}

/// <summary>
/// A model a network job trains outside the <see cref="Arcanum.Core.Learning.ILearner"/> family (<see cref="IFunctionModel"/>,
/// <see cref="IGanModel"/>); the CLI hands the Torch implementations to the server and the sites.
/// </summary>
public interface IJobModel
{
    /// <summary>The job task it serves (<see cref="JobSpec.Task"/>).</summary>
    string Task { get; }

    /// <summary>Throws <see cref="ArgumentException"/> when the job's model cannot be built (checked when the job is submitted).</summary>
    void Check(JobSpec job);
}

/// <summary>One site's part in a function-model job: its data split, and a trainer that keeps its state from round to round.</summary>
public interface IFunctionModelSite : IDisposable
{
    /// <summary>Training items (notes) and held-out items.</summary>
    (int Train, int HeldOut) Items { get; }

    /// <summary>The round's local training from the task's global weights.</summary>
    SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken);

    /// <summary>The held-out score of <paramref name="weights"/>, or null when the site holds nothing out.</summary>
    FunctionScore? Score(ModelWeights weights);
}

/// <summary>A held-out score as a sum over units (bits over bytes), so sites' scores pool exactly: total over total.</summary>
public readonly record struct FunctionScore(double Sum, long Count)
{
    public double Mean => Sum / Count;

    /// <summary>A score sent as its mean over <paramref name="count"/> units (as the protocol carries it).</summary>
    public static FunctionScore FromMean(double mean, long count) => new(mean * count, count);

    /// <summary>The pooled mean of the scores present, or null when none is.</summary>
    public static double? Pool(IEnumerable<FunctionScore?> scores)
    {
        var present = scores.OfType<FunctionScore>().ToList();
        var count = present.Sum(s => s.Count);
        return count == 0 ? null : present.Sum(s => s.Sum) / count;
    }
}

/// <summary>
/// What a federated function-model job did, for its model card: the schedule, per site counts and scores (never data),
/// and under client-level DP the ε the server's ledger reached.
/// </summary>
public sealed record FunctionJobRecord(string Algorithm, int Rounds, IReadOnlyList<FunctionSiteRecord> Sites, double? PooledScore, double? MeanTrainingLoss, TimeSpan Elapsed,
    string? StoppedEarly = null, double? ClientEpsilon = null);

/// <summary>
/// One site's line on the card: its item counts, the weight its updates carried (null where the server never learned it:
/// under secure aggregation), its last held-out score and the ε it spent (under DP).
/// </summary>
public sealed record FunctionSiteRecord(string Name, int TrainItems, int HeldOutItems, long? Weight, double? Score, double? Epsilon);
