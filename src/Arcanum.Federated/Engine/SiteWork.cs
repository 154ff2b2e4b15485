using Arcanum.Federated.Algorithms;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Engine;

/// <summary>What a round asks of a site.</summary>
public enum WorkKind
{
    /// <summary>Train from the task's global weights (and, when asked, evaluate them first).</summary>
    Train,

    /// <summary>Only evaluate the task's global weights on the held-out rows.</summary>
    Evaluate,

    /// <summary>A secure-aggregation key step (advertise, share, unmask); the training step is <see cref="Train"/> with a request.</summary>
    Secure,
}

/// <summary>One site's work in a round: plain data that crosses an in-process transport and gRPC alike.</summary>
/// <param name="Site">The site.</param>
/// <param name="Kind">Train or evaluate.</param>
/// <param name="Task">The round's task (global weights and the algorithm's extras), shared by every site.</param>
/// <param name="EvaluateRound">The round whose model the site also evaluates (0: none).</param>
/// <param name="Deadline">Answers after this instant do not count.</param>
/// <param name="Secure">Under secure aggregation, the step's request (with <see cref="WorkKind.Train"/>: mask the update).</param>
public sealed record SiteWork(string Site, WorkKind Kind, RoundTask Task, int EvaluateRound, DateTimeOffset Deadline, SecureRequest? Secure = null);

/// <summary>A site's answer to <see cref="SiteWork"/>.</summary>
/// <param name="Site">The site.</param>
/// <param name="Trained">What training produced (train work only).</param>
/// <param name="TrainLoss">Mean training loss (train work only; null under DP).</param>
/// <param name="Document">The transport's answer document (on the network, the result JSON; "" in process).</param>
/// <param name="Epsilon">Under DP, the ε the site has spent in the job so far.</param>
/// <param name="Secure">Under secure aggregation, the step's reply (a masked update instead of <paramref name="Trained"/>).</param>
public sealed record SiteAnswer(string Site, RoundResult? Trained, double? TrainLoss, string Document, double? Epsilon = null, SecureReply? Secure = null);
