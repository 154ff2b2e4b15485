using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// The server half of a federated algorithm. It holds the server state (optimizer moments, the
/// SCAFFOLD control variate) and turns results into the next global model, one round at a time.
/// Rounds are run in order: begin, add results, complete, then the next round.
/// </summary>
public interface IServerStrategy
{
    /// <summary>The algorithm's CLI name, e.g. "fedadam".</summary>
    string Name { get; }

    /// <summary>What to send every site for <paramref name="round"/>.</summary>
    RoundTask CreateTask(int round, ModelWeights global);

    /// <summary>
    /// Opens the aggregation of <paramref name="round"/>, which started from <paramref name="global"/>
    /// and was sent to <paramref name="totalSites"/> sites in the federation.
    /// </summary>
    IRoundAggregation BeginRound(int round, ModelWeights global, int totalSites);

    /// <summary>A copy of the server state as named arrays, empty when there is none (yet).</summary>
    ModelWeights ExportState();

    /// <summary>Restores state from <see cref="ExportState"/> (a copy is taken); empty resets it.</summary>
    void ImportState(ModelWeights state);
}
