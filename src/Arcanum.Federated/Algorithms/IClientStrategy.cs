using Arcanum.Core.Learning;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// The site half of a federated algorithm: what to add to the local objective, and what to send
/// back. Holds the site state (SCAFFOLD's c_i); one instance per site.
/// </summary>
public interface IClientStrategy
{
    /// <summary>The extra terms for local training in this round.</summary>
    LocalObjective Prepare(RoundTask task);

    /// <summary>Builds the result to send back and updates the site state.</summary>
    /// <param name="task">The round's task, as given to <see cref="Prepare"/>.</param>
    /// <param name="trained">The local training outcome.</param>
    /// <param name="learningRate">The local learning rate used (SCAFFOLD needs it).</param>
    /// <param name="site">This site's id.</param>
    RoundResult Complete(RoundTask task, LocalTrainingResult trained, double learningRate, string site);

    /// <summary>A copy of the site state as named arrays, empty when there is none (yet).</summary>
    ModelWeights ExportState();

    /// <summary>Restores state from <see cref="ExportState"/> (a copy is taken); empty resets it.</summary>
    void ImportState(ModelWeights state);
}
