using System.Security.Cryptography;

namespace Arcanum.Provisioning;

/// <summary>
/// Creates and maintains a federation's kits directory: the project CA (<c>project/</c>, kept by the
/// owner) and one startup kit per participant (<c>server/</c>, one folder per site and admin).
/// Every change is built aside and renamed into place, so a failure leaves nothing half-written.
/// </summary>
public static class Provisioner
{
    /// <summary>Reads <paramref name="projectFile"/> and writes the kits into <paramref name="outDir"/>, which must be new or empty.</summary>
    public static ProvisionResult Provision(string projectFile, string outDir, TimeProvider? clock = null) =>
        Provision(ProjectFile.Load(projectFile), outDir, clock);

    /// <summary>Writes the kits of <paramref name="project"/> into <paramref name="outDir"/>, which must be new or empty.</summary>
    public static ProvisionResult Provision(Project project, string outDir, TimeProvider? clock = null)
    {
        project.Validated();
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (File.Exists(target)) throw new ProvisioningException($"'{outDir}' is a file; give a folder for the kits.");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ProvisioningException($"output folder '{outDir}' is not empty; give a new or empty folder (kits are never overwritten).");
        Directory.CreateDirectory(Path.GetDirectoryName(target) ?? target);

        var temp = TempSibling(target);
        try
        {
            SecureFiles.CreatePrivateDirectory(temp);
            using var ca = CertificateAuthority.Create(project.Name, project.Key, now);
            var projectFolder = Path.Combine(temp, ProjectState.FolderName);
            var crlPem = ProjectState.Create(projectFolder, project, ca, now);
            var kits = project.Participants().Select(id => KitWriter.Write(Path.Combine(temp, id.Name), id, project, ca, now, crlPem)).ToList();
            ProjectState.WriteIssued(projectFolder, kits, now);

            if (Directory.Exists(target)) Directory.Delete(target); // empty, checked above
            Directory.Move(temp, target);
            return new ProvisionResult(project, target, kits.Select(k => k with { Folder = Path.Combine(target, k.Identity.Name) }).ToList(), ca.NotAfter);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>Issues a kit for a new site; the project's other kits do not change.</summary>
    public static IssuedKit AddSite(string kitsDir, string siteName, TimeProvider? clock = null)
    {
        var state = ProjectState.Open(kitsDir);
        var updated = state.Project with { Sites = [.. state.Project.Sites, siteName] };
        return AddParticipant(state, updated, ParticipantIdentity.ForSite(siteName, state.Project.Name), clock);
    }

    /// <summary>Issues a kit for a new admin; <paramref name="site"/> is required for a site-admin and forbidden for a project-admin.</summary>
    public static IssuedKit AddAdmin(string kitsDir, string name, AdminRole role, string? site = null, TimeProvider? clock = null)
    {
        var state = ProjectState.Open(kitsDir);
        var updated = state.Project with { Admins = [.. state.Project.Admins, new AdminSpec(name, role, site)] };
        return AddParticipant(state, updated, ParticipantIdentity.ForAdmin(name, state.Project.Name, role, site), clock);
    }

    /// <summary>
    /// Revokes every certificate issued to <paramref name="name"/>: adds it to revoked.json, writes a new
    /// CRL (its number one higher) to project/crl.pem and, when the server kit is here, to server/crl.pem.
    /// </summary>
    public static RevocationResult Revoke(string kitsDir, string name, TimeProvider? clock = null)
    {
        var state = ProjectState.Open(kitsDir);
        var now = Timestamps.TruncateToSeconds((clock ?? TimeProvider.System).GetUtcNow());
        var issued = state.ReadIssued().Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (issued.Count == 0) throw new ProvisioningException($"project '{state.Project.Name}' has no participant named '{name}'.");

        var revoked = state.ReadRevoked();
        var already = revoked.Select(r => r.Serial).ToHashSet(StringComparer.Ordinal);
        var fresh = issued.Where(c => !already.Contains(c.Serial)).Select(c => new RevokedCertificate(c.Name, c.Serial, now)).ToList();
        if (fresh.Count == 0) throw new ProvisioningException($"'{name}' is already revoked.");
        revoked.AddRange(fresh);

        using var ca = state.LoadCa();
        var number = state.CrlNumber() + 1;
        var crlPem = ProjectState.CrlPem(ca.BuildCrl(revoked.Select(r => (r.Serial, r.RevokedAt)), number, now));
        state.WriteRevoked(revoked);
        SecureFiles.ReplaceText(state.CrlPath, crlPem);
        var serverKit = Path.Combine(state.KitsDirectory, ParticipantIdentity.ServerName);
        string? serverCrl = null;
        if (Directory.Exists(serverKit))
        {
            serverCrl = Path.Combine(serverKit, KitWriter.CrlFile);
            SecureFiles.ReplaceText(serverCrl, crlPem);
        }
        return new RevocationResult(fresh, number, serverCrl);
    }

    private static IssuedKit AddParticipant(ProjectState state, Project updated, ParticipantIdentity id, TimeProvider? clock)
    {
        if (state.Project.Participants().Any(p => string.Equals(p.Name, id.Name, StringComparison.OrdinalIgnoreCase)))
            throw new ProvisioningException($"project '{state.Project.Name}' already has a participant named '{id.Name}'.");
        updated.Validated();
        var folder = Path.Combine(state.KitsDirectory, id.Name);
        if (Path.Exists(folder)) throw new ProvisioningException($"'{folder}' already exists; move it away or choose another name.");

        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var temp = TempSibling(folder);
        try
        {
            using var ca = state.LoadCa();
            var kit = KitWriter.Write(temp, id, updated, ca, now, crlPem: null);
            // Record the serial before the certificate can leave this folder: whatever was issued can be revoked.
            state.AppendIssued(kit, now);
            state.WriteProject(updated);
            Directory.Move(temp, folder);
            return kit with { Folder = folder };
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>A hidden folder beside <paramref name="path"/>: on the same file system, so the final rename is atomic.</summary>
    private static string TempSibling(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.provisioning-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}");

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover hidden temp folder holds nothing that was shipped.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
