namespace Arcanum.Federated.Engine;

/// <summary>How a task given to a site ended.</summary>
public enum OutcomeStatus
{
    /// <summary>The site answered and the answer was taken.</summary>
    Ok,

    /// <summary>The site declined: its policy does not accept the job, or it lacks the data.</summary>
    Refused,

    /// <summary>The site failed, went away, missed the deadline, or its answer was rejected.</summary>
    Failed,
}

/// <summary>What came back for a task.</summary>
/// <param name="Status">OK, refused or failed.</param>
/// <param name="Message">Why, when not OK.</param>
/// <param name="Document">The site's answer document (a small JSON object; OK only, "" otherwise).</param>
public sealed record TaskOutcome(OutcomeStatus Status, string Message, string Document)
{
    public bool Ok => Status == OutcomeStatus.Ok;
}
