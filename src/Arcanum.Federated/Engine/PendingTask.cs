namespace Arcanum.Federated.Engine;

/// <summary>
/// A task given to one site. Its state moves once, from open to answered or to closed (deadline,
/// abort, site gone); an answer for a task that is not open is refused, so nothing counts twice and
/// nothing counts late.
/// </summary>
public class PendingTask
{
    private const int Open = 0, Claimed = 1, Done = 2, Closed = 3;
    private int _state;
    private Func<TaskOutcome, string?, CancellationToken, Task>? _accept;

    /// <param name="site">The site the task is for.</param>
    /// <param name="id">A unique id.</param>
    /// <param name="deadline">Answers after this instant are not counted.</param>
    /// <param name="accept">
    /// Called with an OK outcome and the path of its spooled payload (or null) before the outcome
    /// counts; throwing rejects the answer.
    /// </param>
    public PendingTask(string site, string id, DateTimeOffset deadline, Func<TaskOutcome, string?, CancellationToken, Task>? accept)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Site = site;
        Id = id;
        Deadline = deadline;
        _accept = accept;
    }

    public string Site { get; }

    public string Id { get; }

    public DateTimeOffset Deadline { get; }

    /// <summary>
    /// The acceptance check, until the task is done or closed: it holds the round's aggregation, and
    /// a finished task may stay known for a while after its round.
    /// </summary>
    public Func<TaskOutcome, string?, CancellationToken, Task>? Accept => Volatile.Read(ref _accept);

    public TaskCompletionSource<TaskOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsOpen => Volatile.Read(ref _state) == Open;

    public bool IsClosed => Volatile.Read(ref _state) == Closed;

    /// <summary>Takes the one right to answer; false when answered, being answered, or closed.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Open) == Open;

    /// <summary>Ends a claimed task with <paramref name="outcome"/>.</summary>
    public void Complete(TaskOutcome outcome)
    {
        Volatile.Write(ref _state, Done);
        Volatile.Write(ref _accept, null);
        Outcome.TrySetResult(outcome);
    }

    /// <summary>Closes an open task with <paramref name="why"/>; false when it was already claimed or done.</summary>
    public bool TryClose(string why)
    {
        if (Interlocked.CompareExchange(ref _state, Closed, Open) != Open) return false;
        Volatile.Write(ref _accept, null);
        Outcome.TrySetResult(new TaskOutcome(OutcomeStatus.Failed, why, ""));
        return true;
    }

    /// <summary>
    /// Claims the task, runs the acceptance check on an OK outcome and completes it: the whole life
    /// of one answer. Returns null when the answer counted, else why it was refused.
    /// </summary>
    public async Task<string?> AnswerAsync(TaskOutcome outcome, string? payload, CancellationToken ct)
    {
        if (!TryClaim())
            return IsClosed ? $"task {Id} is closed ({Outcome.Task.Result.Message}); the answer was discarded" : $"task {Id} was already answered";
        if (outcome.Ok && Accept is { } accept)
        {
            try
            {
                await accept(outcome, payload, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never leave a claimed task hanging: the round waits for every claimed task.
                Complete(new TaskOutcome(OutcomeStatus.Failed, (e is SecureAggregation.SecAggAbandonedException
                    ? "the server abandoned the round: " : "the server rejected the result: ") + e.Message, ""));
                throw;
            }
        }
        Complete(outcome);
        return null;
    }
}
