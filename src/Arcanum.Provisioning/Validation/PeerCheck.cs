namespace Arcanum.Provisioning;

/// <summary>The verdict on a peer certificate: accepted with its identity, or refused with a one-line reason.</summary>
public sealed record PeerCheck
{
    private PeerCheck(ParticipantIdentity? identity, string? reason)
    {
        Identity = identity;
        Reason = reason;
    }

    /// <summary>True when the certificate was accepted.</summary>
    public bool IsValid => Identity is not null;

    /// <summary>Who the peer is, when accepted.</summary>
    public ParticipantIdentity? Identity { get; }

    /// <summary>Why the certificate was refused, in one line for a log; null when accepted.</summary>
    public string? Reason { get; }

    public static PeerCheck Ok(ParticipantIdentity identity) => new(identity, null);

    public static PeerCheck Fail(string reason) => new(null, reason);

    public override string ToString() => IsValid ? $"ok: {Identity!.Description} '{Identity.Name}'" : $"refused: {Reason}";
}
