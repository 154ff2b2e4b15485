using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

/// <summary>Shorthand for running hand-computed rounds.</summary>
internal static class Rounds
{
    public static IServerStrategy Server(AlgorithmOptions options) => AlgorithmRegistry.CreateServer(options);

    public static IClientStrategy Client(AlgorithmOptions options) => AlgorithmRegistry.CreateClient(options);

    public static RoundResult Result(string site, long samples, ModelWeights weights, ModelWeights? controlDelta = null) =>
        new(site, samples, weights, controlDelta, LocalSteps: 1);

    /// <summary>Runs one round on <paramref name="server"/> with the given results and returns the new global weights.</summary>
    public static ModelWeights Run(IServerStrategy server, int round, ModelWeights global, int totalSites, params RoundResult[] results)
    {
        var aggregation = server.BeginRound(round, global, totalSites);
        foreach (var r in results) aggregation.Add(r);
        return aggregation.Complete();
    }
}
