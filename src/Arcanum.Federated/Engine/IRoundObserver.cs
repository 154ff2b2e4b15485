namespace Arcanum.Federated.Engine;

/// <summary>What a round tells the outside world (job events, logs, progress). Every method is optional.</summary>
public interface IRoundObserver
{
    /// <summary>A round (attempt) starts with <paramref name="training"/> sites training.</summary>
    void Starting(int round, int attempt, int training) { }

    /// <summary>A participant gets no task from this round on, and why; reported once per absence.</summary>
    void Absent(int round, string site, string why) { }

    /// <summary>A participant that was absent takes part again.</summary>
    void Returned(int round, string site) { }

    /// <summary>A site refused, failed or missed the deadline.</summary>
    void Setback(int round, string site, TaskOutcome outcome) { }

    /// <summary>
    /// Too few sites answered; the round runs again. <paramref name="answers"/> are what did come
    /// (e.g. evaluations worth keeping).
    /// </summary>
    void Retrying(int round, string why, int nextAttempt, int maxAttempts, IReadOnlyDictionary<string, SiteAnswer> answers) { }
}
