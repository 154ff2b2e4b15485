namespace Arcanum.Provisioning;

/// <summary>The outcome of <see cref="Provisioner.Provision(string, string, TimeProvider?)"/>.</summary>
/// <param name="Project">The project as validated.</param>
/// <param name="Directory">The kits directory (absolute).</param>
/// <param name="Kits">One per participant: server, sites, admins.</param>
/// <param name="CaNotAfter">When the project CA, and with it every kit, expires.</param>
public sealed record ProvisionResult(Project Project, string Directory, IReadOnlyList<IssuedKit> Kits, DateTimeOffset CaNotAfter);
