namespace Arcanum.Provisioning;

/// <summary>
/// A federation as its owner describes it in project.yml: its name, the server, the sites and the
/// admins. Read one with <see cref="ProjectFile.Load"/>; <see cref="Validated"/> checks one built in code.
/// </summary>
public sealed record Project
{
    /// <summary>The project name: lowercase letters, digits, '.', '_' or '-'; it is the O= of every certificate.</summary>
    public required string Name { get; init; }

    public required ServerSpec Server { get; init; }

    /// <summary>Site names (same rules as the project name); each is a kit folder.</summary>
    public required IReadOnlyList<string> Sites { get; init; }

    public IReadOnlyList<AdminSpec> Admins { get; init; } = [];

    public KeyAlgorithm Key { get; init; } = KeyAlgorithm.EcdsaP384;

    /// <summary>How long participant certificates are valid, in days (the CA gets 10 years).</summary>
    public int ValidDays { get; init; } = 365;

    /// <summary>This project, if every rule holds; otherwise a <see cref="ProvisioningException"/> naming the first problem.</summary>
    public Project Validated()
    {
        ProjectRules.Validate(this);
        return this;
    }

    /// <summary>Everyone who gets a kit: the server, then the sites, then the admins.</summary>
    internal IEnumerable<ParticipantIdentity> Participants()
    {
        yield return ParticipantIdentity.ForServer(Name);
        foreach (var site in Sites) yield return ParticipantIdentity.ForSite(site, Name);
        foreach (var admin in Admins) yield return ParticipantIdentity.ForAdmin(admin.Name, Name, admin.Role, admin.Site);
    }
}
