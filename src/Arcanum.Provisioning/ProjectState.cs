using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Arcanum.Provisioning;

/// <summary>
/// The provisioner's own folder, <c>KITS/project/</c>: the CA and its key, the normalised project,
/// every certificate issued and every one revoked. It never leaves the project owner.
/// </summary>
internal sealed class ProjectState
{
    public const string FolderName = "project";
    private const string CaFile = "ca.pem";
    private const string CaKeyFile = "ca.key.pem";
    private const string ProjectFileName = "project.yml";
    private const string IssuedFile = "issued.json";
    private const string RevokedFile = "revoked.json";
    private const string CrlFileName = "crl.pem";

    private ProjectState(string kitsDirectory, Project project)
    {
        KitsDirectory = kitsDirectory;
        Folder = Path.Combine(kitsDirectory, FolderName);
        Project = project;
    }

    public string KitsDirectory { get; }

    public string Folder { get; }

    public Project Project { get; }

    /// <summary>Writes a new project folder and returns the first (empty) CRL as PEM.</summary>
    public static string Create(string folder, Project project, CertificateAuthority ca, DateTimeOffset now)
    {
        SecureFiles.CreatePrivateDirectory(folder);
        SecureFiles.WriteText(Path.Combine(folder, CaFile), ca.Certificate.ExportCertificatePem() + "\n");
        SecureFiles.WritePrivate(Path.Combine(folder, CaKeyFile), ca.PrivateKeyPem());
        SecureFiles.WriteText(Path.Combine(folder, ProjectFileName), ProjectYaml.Write(project));
        SecureFiles.WriteText(Path.Combine(folder, RevokedFile), KitJson.Serialize(Array.Empty<RevokedCertificate>()));
        var crl = CrlPem(ca.BuildCrl([], BigInteger.One, now));
        SecureFiles.WriteText(Path.Combine(folder, CrlFileName), crl);
        SecureFiles.WriteText(Path.Combine(folder, KitWriter.ReadmeFile), KitReadmes.ForProjectFolder(project));
        return crl;
    }

    public static void WriteIssued(string folder, IEnumerable<IssuedKit> kits, DateTimeOffset now) =>
        SecureFiles.ReplaceText(Path.Combine(folder, IssuedFile), KitJson.Serialize(kits.Select(k => IssuedCertificate.Of(k, now)).ToList()));

    /// <summary>The project folder of an existing kits directory.</summary>
    public static ProjectState Open(string kitsDirectory)
    {
        var kits = Path.GetFullPath(kitsDirectory);
        if (!Directory.Exists(kits)) throw new ProvisioningException($"kits folder '{kitsDirectory}' does not exist.");
        var folder = Path.Combine(kits, FolderName);
        if (!File.Exists(Path.Combine(folder, CaKeyFile)) || !File.Exists(Path.Combine(folder, ProjectFileName)))
            throw new ProvisioningException($"'{kitsDirectory}' has no project/ca.key.pem and project/project.yml: give the folder `arcanum provision --out` created (the project owner's copy, not a shipped kit).");
        return new ProjectState(kits, ProjectFile.Load(Path.Combine(folder, ProjectFileName)));
    }

    public CertificateAuthority LoadCa()
    {
        var keyPath = Path.Combine(Folder, CaKeyFile);
        if (SecureFiles.IsAccessibleToOthers(keyPath, out var mode))
            throw new ProvisioningException($"'{keyPath}' can be read by other users (mode {Convert.ToString((int)mode, 8)}); the CA key must be yours alone: run chmod 600 '{keyPath}'.");
        return CertificateAuthority.Load(Path.Combine(Folder, CaFile), keyPath);
    }

    public List<IssuedCertificate> ReadIssued() => ReadJson<List<IssuedCertificate>>(IssuedFile);

    public void AppendIssued(IssuedKit kit, DateTimeOffset now)
    {
        var issued = ReadIssued();
        issued.Add(IssuedCertificate.Of(kit, now));
        SecureFiles.ReplaceText(Path.Combine(Folder, IssuedFile), KitJson.Serialize(issued));
    }

    public List<RevokedCertificate> ReadRevoked() => ReadJson<List<RevokedCertificate>>(RevokedFile);

    public void WriteRevoked(IReadOnlyList<RevokedCertificate> revoked) =>
        SecureFiles.ReplaceText(Path.Combine(Folder, RevokedFile), KitJson.Serialize(revoked));

    public void WriteProject(Project project) => SecureFiles.ReplaceText(Path.Combine(Folder, ProjectFileName), ProjectYaml.Write(project));

    public string CrlPath => Path.Combine(Folder, CrlFileName);

    public BigInteger CrlNumber()
    {
        try
        {
            CertificateRevocationListBuilder.LoadPem(File.ReadAllText(CrlPath), out var number);
            return number;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            throw new ProvisioningException($"cannot read '{CrlPath}': {e.Message}", e);
        }
    }

    public static string CrlPem(byte[] der) => PemEncoding.WriteString("X509 CRL", der) + "\n";

    private T ReadJson<T>(string file)
    {
        var path = Path.Combine(Folder, file);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), KitJson.Options) ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ProvisioningException($"cannot read '{path}': {e.Message}", e);
        }
    }
}
