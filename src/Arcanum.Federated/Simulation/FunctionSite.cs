using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;

namespace Arcanum.Federated.Simulation;

/// <summary>A site in this process: it answers the round work the engine sends it.</summary>
public interface IInProcessSite
{
    string Name { get; }

    SiteAnswer Answer(SiteWork work, CancellationToken cancellationToken);
}

/// <summary>
/// A site in this process whose local training is a function of the round's task, for models outside the
/// <see cref="Arcanum.Core.Learning.ILearner"/> family (the note generator): it returns the trained weights and the
/// count they weigh by, and the engine does the rest, as for <see cref="SiteWorker"/>.
/// </summary>
public sealed class FunctionSite(string name, Func<RoundTask, CancellationToken, SiteRoundOutcome> train) : IInProcessSite
{
    public string Name { get; } = name;

    public SiteAnswer Answer(SiteWork work, CancellationToken cancellationToken) => SiteWorker.Answer(Name, null, work, train, cancellationToken);
}

/// <summary>
/// Rounds of a federated job among <see cref="FunctionSite"/>s in this process, through the one round loop
/// (<see cref="RoundEngine"/>) the simulator and the server use. Only algorithms whose sites train with plain local
/// steps qualify (FedAvg and the server-optimizer family): FedProx's proximal term and SCAFFOLD's control variates live
/// in the learner's loss, which a function site does not share. No secure aggregation or client-level DP here yet.
/// </summary>
public static class FunctionSiteRounds
{
    /// <summary>The algorithms a function site can take part in.</summary>
    public static IReadOnlyList<string> Algorithms => Jobs.JobSpec.NotesAlgorithms;

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of <paramref name="algorithm"/> from <paramref name="initial"/>, every site
    /// training every round (at most <paramref name="parallelism"/> at once; answers are folded in the order they were
    /// asked, so the model does not depend on timing), and calls <paramref name="afterRound"/> with each round's report.
    /// </summary>
    /// <exception cref="ArgumentException">An algorithm function sites cannot run, or no sites.</exception>
    public static Arcanum.Core.Weights.ModelWeights Run(AlgorithmOptions algorithm, int rounds, int seed, Arcanum.Core.Weights.ModelWeights initial,
        IReadOnlyList<FunctionSite> sites, int parallelism, Action<RoundReport>? afterRound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(sites);
        if (!Algorithms.Contains(algorithm.Algorithm.Trim().ToLowerInvariant()))
            throw new ArgumentException($"Algorithm '{algorithm.Algorithm}' needs a change to the local loss that this model's training does not make; use one of {string.Join(", ", Algorithms)}.");
        if (sites.Count == 0) throw new ArgumentException("There are no sites.");
        if (rounds < 1) throw new ArgumentException($"Rounds must be at least 1; got {rounds}.");
        // In process a slow site is still working, never lost: the round waits for it (a week stands for no deadline).
        var job = new Jobs.JobSpec { Algorithm = algorithm.Algorithm, Rounds = rounds, Seed = seed, MinSites = sites.Count, Fraction = 1, RoundTimeoutS = 7 * 24 * 3600 };
        var engine = new RoundEngine(new InProcessTransport(sites, parallelism, cancellationToken));
        var server = AlgorithmRegistry.CreateServer(algorithm);
        var names = sites.Select(s => s.Name).ToList();
        var global = initial;
        for (var round = 1; round <= rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = engine.RunAsync(job, server, names, global, round, evaluate: false, cancellationToken).GetAwaiter().GetResult();
            global = report.Global;
            afterRound?.Invoke(report);
        }
        return global;
    }
}
