namespace Arcanum.Provisioning;

/// <summary>The three kinds of participant a certificate can name.</summary>
public enum ParticipantKind
{
    Server,
    Site,
    Admin,
}
