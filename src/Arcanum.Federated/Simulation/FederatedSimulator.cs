using System.Diagnostics;
using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Runs a federated study with every site in this process, training in parallel, and in the same
/// run and on the same splits the two baselines: central (all training rows pooled, the upper
/// reference) and local (each site alone, evaluated on its own and on every other site's rows).
/// Results are folded in site order, so the same seed gives the same numbers at any parallelism.
/// </summary>
public sealed class FederatedSimulator
{
    private readonly ILearner _learner;
    private readonly IProgress<SimulationProgress>? _progress;
    private readonly int _parallelism;

    public FederatedSimulator(ILearner learner, IProgress<SimulationProgress>? progress = null, int? parallelism = null)
    {
        _learner = learner;
        _progress = progress;
        _parallelism = Math.Max(1, parallelism ?? Environment.ProcessorCount);
    }

    /// <summary>How many sites train at once.</summary>
    public int Parallelism => _parallelism;

    /// <summary>
    /// Called with how many trainings are about to run at once (the sites of a round, one central
    /// model, the local models), so a learner whose thread pool is process-wide (libtorch) can give
    /// each its share of the cores: without it the central baseline ran on one core's worth of threads.
    /// </summary>
    public Action<int>? ConcurrencyChanged { get; init; }

    private void Concurrency(int trainings) => ConcurrencyChanged?.Invoke(Math.Max(1, trainings));

    /// <summary>
    /// The whole study. The result's job has a bundled dataset's defaults written in
    /// (<see cref="StudyBuilder.Resolve"/>), so the job.json written from it runs unchanged on a network.
    /// </summary>
    public SimulationResult Run(JobSpec job, StudyData study, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        job = StudyBuilder.Resolve(job);
        var prepared = Prepare(job, study);
        var federated = RunFederated(job, study, prepared, cancellationToken);
        var (central, centralWeights) = RunCentral(job, study, prepared, cancellationToken);
        var local = RunLocal(job, study, prepared.Spec, prepared.Options with { Epochs = job.Rounds * job.LocalEpochs }, prepared.Initial, cancellationToken);
        return new SimulationResult(job, study, prepared.Spec, federated.Weights, federated.Rounds, federated.Evaluation, central, local, clock.Elapsed)
        {
            CentralWeights = centralWeights,
            Examples = study.IsSegmentation ? SegmentationExample.Pick(_learner, prepared.Spec, study, federated.Weights, centralWeights) : [],
        };
    }

    /// <summary>Only the federated part: rounds of training, evaluated after each round.</summary>
    public FederatedRun RunFederated(JobSpec job, StudyData study, CancellationToken cancellationToken = default) =>
        RunFederated(job, study, Prepare(job, study), cancellationToken);

    /// <summary>The central baseline: rounds × local epochs on every site's training rows pooled.</summary>
    public Evaluation RunCentral(JobSpec job, StudyData study, CancellationToken cancellationToken = default) =>
        RunCentral(job, study, Prepare(job, study), cancellationToken).Evaluation;

    private FederatedRun RunFederated(JobSpec job, StudyData study, Prepared prepared, CancellationToken cancellationToken)
    {
        Concurrency(Math.Min(_parallelism, study.Sites.Count));
        var (weights, rounds) = RunRounds(job, study, prepared.Spec, prepared.Options, StudyModel.AlgorithmOptions(job), prepared.Initial, cancellationToken);
        return new FederatedRun(weights, rounds, Evaluate(study, prepared.Spec, weights, Seeds.ForStage(job.Seed, "bootstrap")));
    }

    private (Evaluation Evaluation, ModelWeights Weights) RunCentral(JobSpec job, StudyData study, Prepared prepared, CancellationToken cancellationToken)
    {
        var allEpochs = prepared.Options with { Epochs = job.Rounds * job.LocalEpochs, Seed = Seeds.ForStage(job.Seed, "central") };
        Concurrency(1);
        _progress?.Report(new SimulationProgress("central", 1, 1, $"central baseline: {allEpochs.Epochs} epochs on {study.Sites.Sum(s => s.Train.Count)} pooled {(study.IsSegmentation ? "images" : "rows")}"));
        var weights = _learner.Train(prepared.Spec, prepared.Initial, study.PooledTrain(), allEpochs, LocalObjective.Plain, cancellationToken).Weights;
        TrainingDivergedException.ThrowIfNotFinite(weights, "in the central baseline", $"Lower the learning rate (lr, now {job.LearningRate}).");
        var central = Evaluate(study, prepared.Spec, weights, Seeds.ForStage(job.Seed, "bootstrap"));
        _progress?.Report(new SimulationProgress("central", 1, 1, $"central baseline: pooled {study.HeadlineMetric} {central.Pooled.Get(study.HeadlineMetric):F4}", central.Pooled.Get(study.HeadlineMetric)));
        return (central, weights);
    }

    /// <summary>What every stage shares; every stage starts from the same initial weights, so the comparison is of training, not of luck.</summary>
    private sealed record Prepared(ModelSpec Spec, TrainingOptions Options, ModelWeights Initial);

    private Prepared Prepare(JobSpec job, StudyData study)
    {
        job.Validated();
        if (study.Sites.Count == 0) throw new JobSpecException("The study has no sites.");
        var spec = StudyModel.Spec(job, study);
        spec.Validate();
        return new Prepared(spec, StudyModel.TrainingOptions(job, study), _learner.Initialize(spec, job.Seed));
    }

    private (ModelWeights Weights, List<RoundRecord> Rounds) RunRounds(
        JobSpec job, StudyData study, ModelSpec spec, TrainingOptions options, AlgorithmOptions algorithm, ModelWeights initial, CancellationToken ct)
    {
        var server = AlgorithmRegistry.CreateServer(algorithm);
        // In process the sites' public keys are known first-hand; on a network they come from the sites' certificates.
        var signing = job.SecureAggregation ? study.Sites.ToDictionary(s => s.Name, _ => AsymmetricSignatureKey.CreateEphemeral(), StringComparer.Ordinal) : null;
        var publicKeys = signing?.ToDictionary(p => p.Key, p => p.Value.PublicOnly(), StringComparer.Ordinal);
        var workers = study.Sites.Select(s => new SiteWorker(s, _learner, spec, options, AlgorithmRegistry.CreateClient(algorithm), job.Seed,
            SiteDpLedger.For(job.Dp, s.Train.Count, options, job.Rounds),
            signing is null ? null : new SecureSite(s.Name, signing[s.Name], (peer, _) => publicKeys![peer], clientDp: job.ClientDp))).ToList();
        var spent = new Dictionary<string, double>(StringComparer.Ordinal);
        // Under secure aggregation every site's weight must fit: the largest site's rows, so the mean weighs sites exactly as FedAvg.
        var engine = new RoundEngine(new InProcessTransport(workers, _parallelism, ct))
        {
            SecureOptions = new SecAggOptions { MaxWeight = Math.Max(1, study.Sites.Max(s => s.Train.Count)) },
        };
        var siteNames = study.Sites.Select(s => s.Name).ToList();
        var global = initial;
        var records = new List<RoundRecord>();

        for (var round = 1; round <= job.Rounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            var report = engine.RunAsync(job, server, siteNames, global, round, evaluate: false, ct).GetAwaiter().GetResult();
            global = report.Global;

            var evaluation = Evaluate(study, spec, global);
            foreach (var site in study.Sites)
            {
                var took = report.Contributed(site.Name);
                var a = report.Answers.GetValueOrDefault(site.Name);
                if (took && a?.Epsilon is { } e) spent[site.Name] = e;
                // Under secure aggregation a site's sample count is not revealed: 0, as on a network.
                records.Add(new RoundRecord(round, site.Name, took, took ? a?.Trained?.SampleCount ?? 0 : 0, took ? a?.TrainLoss : null, evaluation.PerSite[site.Name],
                    job.Dp is null ? null : spent.GetValueOrDefault(site.Name)));
            }
            records.Add(new RoundRecord(round, PooledSiteName, true, report.Samples, report.MeanLoss, evaluation.Pooled,
                job.ClientDp is not null ? report.ClientEpsilon : job.Dp is null ? null : spent.Values.DefaultIfEmpty(0).Max()));
            var metric = evaluation.Pooled.Get(study.HeadlineMetric);
            _progress?.Report(new SimulationProgress("federated", round, job.Rounds,
                $"round {round}/{job.Rounds}: {report.Selected.Count} sites, " +
                (job.ClientDp is not null ? $"loss {report.MeanLoss:F4}, client-level ε {report.ClientEpsilon:F2}, clip norm {report.ClientClipNorm:G3}"
                    : job.Dp is null ? $"loss {report.MeanLoss:F4}" : $"ε spent up to {spent.Values.DefaultIfEmpty(0).Max():F2} of {job.Dp.Epsilon:G3}") +
                $", pooled {study.HeadlineMetric} {metric:F4}", metric));
        }
        return (global, records);
    }

    /// <summary>The name used for the pooled held-out rows in per-round records.</summary>
    public const string PooledSiteName = "(pooled)";

    private List<LocalBaseline> RunLocal(JobSpec job, StudyData study, ModelSpec spec, TrainingOptions options, ModelWeights initial, CancellationToken ct)
    {
        var trained = new ModelWeights[study.Sites.Count];
        var done = 0;
        Concurrency(Math.Min(_parallelism, study.Sites.Count));
        try
        {
            Parallel.For(0, study.Sites.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct }, i =>
            {
                var site = study.Sites[i];
                trained[i] = _learner.Train(spec, initial, site.Train, options with { Seed = Seeds.ForStage(job.Seed, "local/" + site.Name) }, LocalObjective.Plain, ct).Weights;
                TrainingDivergedException.ThrowIfNotFinite(trained[i], $"in the local baseline of {site.Name}", $"Lower the learning rate (lr, now {job.LearningRate}).");
                var n = Interlocked.Increment(ref done);
                _progress?.Report(new SimulationProgress("local", n, study.Sites.Count, $"local baseline: {site.Name} trained alone ({site.Train.Count} {(study.IsSegmentation ? "images" : "rows")})"));
            });
        }
        catch (AggregateException e)
        {
            // Parallel.For wraps what a site threw; callers (and the CLI's exit code) need the
            // exception itself, e.g. a divergence, which is a setting to change, not a bug.
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is TrainingDivergedException ? 0 : 1).First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        var result = new List<LocalBaseline>();
        for (var i = 0; i < study.Sites.Count; i++)
        {
            var site = study.Sites[i];
            var parts = study.Sites.Select(s => new HoldoutScoring.Part(s.Name, s.Holdout, _learner.PredictProbabilities(spec, trained[i], s.Holdout))).ToList();
            var perSite = parts.ToDictionary(p => p.Site, p => HoldoutScoring.Score(p.Holdout, p.Predictions, study.ClassCount), StringComparer.Ordinal);
            var others = parts.Where(p => p.Site != site.Name).ToList();
            var othersMetrics = others.Count == 0 ? perSite[site.Name] : HoldoutScoring.Pool(others, study.ClassCount);
            result.Add(new LocalBaseline(site.Name, perSite[site.Name], othersMetrics, perSite) { Weights = trained[i] });
        }
        return result;
    }

    /// <summary>The model on every site's held-out rows; with <paramref name="bootstrapSeed"/>, bootstrap intervals of the headline metric too.</summary>
    private Evaluation Evaluate(StudyData study, ModelSpec spec, ModelWeights weights, int? bootstrapSeed = null)
    {
        var parts = study.Sites.Select(s => new HoldoutScoring.Part(s.Name, s.Holdout, _learner.PredictProbabilities(spec, weights, s.Holdout))).ToList();
        var perSite = new Dictionary<string, ModelMetrics>(StringComparer.Ordinal);
        var intervals = new Dictionary<string, MetricInterval>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            perSite[part.Site] = HoldoutScoring.Score(part.Holdout, part.Predictions, study.ClassCount);
            if (bootstrapSeed is { } s && HoldoutScoring.Interval([part], perSite[part.Site], study.ClassCount, Seeds.ForStage(s, part.Site)) is { } i)
                intervals[part.Site] = i;
        }
        var pooled = HoldoutScoring.Pool(parts, study.ClassCount);
        if (bootstrapSeed is { } seed && HoldoutScoring.Interval(parts, pooled, study.ClassCount, seed) is { } all) intervals[PooledSiteName] = all;
        return new Evaluation(pooled, perSite, HoldoutScoring.Calibration(parts, study.ClassCount), bootstrapSeed is null ? null : intervals);
    }
}
