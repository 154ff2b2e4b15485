using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Tests.Support;

namespace Arcanum.Federated.Tests.Simulation;

public sealed class FederatedSimulatorTests
{
    private static readonly JobSpec Job = new() { Rounds = 4, LearningRate = 0.1 };

    [Fact]
    public void Run_Pbc3_RecordsEveryRoundForEverySiteAndThePool()
    {
        // Given
        var study = StudyBuilder.Load(Job);

        // When
        var result = new FederatedSimulator(new PlainSoftmaxLearner()).Run(Job, study);

        // Then
        Assert.Equal(Job.Rounds * (study.Sites.Count + 1), result.Rounds.Count);
        Assert.Equal(study.Sites.Count, result.Local.Count);
        Assert.Equal(study.Sites.Count, result.Federated.PerSite.Count);
        Assert.All(result.Rounds.Where(r => r.Site != FederatedSimulator.PooledSiteName), r => Assert.True(r.Trained));
        Assert.Equal(study.Sites.Sum(s => s.Holdout.Count), result.Federated.Pooled.Count);
        Assert.True(result.Federated.Pooled.Get("auroc") > 0.7, $"AUROC {result.Federated.Pooled.Get("auroc")}");
    }

    [Fact]
    public void Run_CentralBaseline_TellsTheLearnerItTrainsAloneSoItCanUseEveryCore()
    {
        // Given six sites trained three at a time
        var study = StudyBuilder.Load(Job);
        var calls = new List<int>();

        // When
        new FederatedSimulator(new PlainSoftmaxLearner(), parallelism: 3) { ConcurrencyChanged = calls.Add }.Run(Job, study);

        // Then rounds and local baselines run three trainings at once, the central baseline one
        Assert.Equal([3, 1, 3], calls);
    }

    [Fact]
    public void Run_SameSeed_SameNumbersAtAnyParallelism()
    {
        // Given
        var study = StudyBuilder.Load(Job);

        // When
        var serial = new FederatedSimulator(new PlainSoftmaxLearner(), parallelism: 1).Run(Job, study);
        var parallel = new FederatedSimulator(new PlainSoftmaxLearner(), parallelism: 6).Run(Job, study);

        // Then
        for (var i = 0; i < serial.Weights.Count; i++)
            Assert.Equal(serial.Weights.Arrays[i].Data, parallel.Weights.Arrays[i].Data);
        Assert.Equal(serial.Federated.Pooled, parallel.Federated.Pooled);
    }

    [Fact]
    public void Run_FractionOfSites_OnlySampledSitesTrain()
    {
        // Given
        var job = Job with { Fraction = 0.5 };
        var study = StudyBuilder.Load(job);

        // When
        var result = new FederatedSimulator(new PlainSoftmaxLearner()).Run(job, study);

        // Then
        foreach (var round in result.Rounds.GroupBy(r => r.Round))
            Assert.Equal(3, round.Count(r => r.Site != FederatedSimulator.PooledSiteName && r.Trained));
    }

    [Fact]
    public void Run_LocalBaseline_EvaluatesOnOwnAndOtherSites()
    {
        // Given
        var study = StudyBuilder.Load(Job);

        // When
        var result = new FederatedSimulator(new PlainSoftmaxLearner()).Run(Job, study);

        // Then
        foreach (var local in result.Local)
        {
            Assert.Equal(study.Sites.Count, local.PerSite.Count);
            Assert.Equal(study.Sites.Where(s => s.Name != local.Site).Sum(s => s.Holdout.Count), local.Others.Count);
            Assert.Equal(local.PerSite[local.Site], local.Own);
        }
    }

    [Fact]
    public void Run_Progress_ReportsEachRound()
    {
        // Given
        var study = StudyBuilder.Load(Job);
        var seen = new List<SimulationProgress>();

        // When
        new FederatedSimulator(new PlainSoftmaxLearner(), new SyncProgress(seen.Add)).Run(Job, study);

        // Then
        Assert.Equal([1, 2, 3, 4], seen.Where(p => p.Stage == "federated").Select(p => p.Step));
        Assert.Contains(seen, p => p.Stage == "central");
        Assert.Equal(study.Sites.Count, seen.Count(p => p.Stage == "local"));
    }

    private sealed class SyncProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SimulationProgress value)
        {
            lock (_gate) report(value);
        }
    }
}
