namespace Arcanum.Federated.Engine;

/// <summary>
/// Whether sites can be counted on, as a transport knows it: in process always; on the network,
/// while their heartbeats arrive and their certificates are accepted.
/// </summary>
public interface ISiteLiveness
{
    /// <summary>Why <paramref name="site"/> cannot be counted on now (offline, certificate refused); null when it can.</summary>
    string? Absence(string site);

    /// <summary>
    /// When <paramref name="site"/> will count as absent unless it is heard from again; null when
    /// that cannot happen by silence alone (in process) or it is absent already.
    /// </summary>
    DateTimeOffset? PresentUntil(string site);

    /// <summary>
    /// How many times <paramref name="site"/> has registered from a new process (a restart; a reconnect from the same process does not
    /// count where the transport can tell them apart). What a site held in memory before such a registration (its secure-aggregation
    /// keys) is gone. Always 0 where sites do not restart (in process).
    /// </summary>
    long Registration(string site) => 0;

    /// <summary>Raised when a site's state may have changed (registered, refused, back from silence), so waits re-check at once.</summary>
    event Action<string>? Changed;
}
