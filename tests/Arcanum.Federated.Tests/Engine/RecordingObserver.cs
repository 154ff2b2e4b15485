using Arcanum.Federated.Engine;

namespace Arcanum.Federated.Tests.Engine;

/// <summary>Every event a round engine reports, as lines.</summary>
internal sealed class RecordingObserver : IRoundObserver
{
    public List<string> Lines { get; } = [];

    public void Absent(int round, string site, string why) => Add($"absent {round} {site}: {why}");

    public void Returned(int round, string site) => Add($"returned {round} {site}");

    public void Setback(int round, string site, TaskOutcome outcome) => Add($"setback {round} {site}: {outcome.Message}");

    public void Retrying(int round, string why, int nextAttempt, int maxAttempts, IReadOnlyDictionary<string, SiteAnswer> answers) =>
        Add($"retrying {round} ({nextAttempt}/{maxAttempts}): {why}");

    private void Add(string line)
    {
        lock (Lines) Lines.Add(line);
    }
}
