using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// The server kit's crl.pem, re-read whenever its time stamp or size changes, so a revocation takes
/// effect on the next handshake without a restart. An unreadable CRL fails closed: every check throws.
/// </summary>
internal sealed class CrlWatcher(string path, X509Certificate2 ca)
{
    private readonly Lock _gate = new();
    private (DateTime WrittenUtc, long Length) _stamp;
    private CrlFile? _current;

    public string Path { get; } = path;

    public CrlFile Current
    {
        get
        {
            lock (_gate)
            {
                var info = new FileInfo(Path);
                if (!info.Exists) throw new ProvisioningException($"the CRL '{Path}' is missing");
                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (_current is null || stamp != _stamp)
                {
                    _current = null;
                    _current = CrlFile.Load(Path, ca);
                    _stamp = stamp;
                }
                return _current;
            }
        }
    }
}
