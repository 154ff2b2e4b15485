using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Bench;

/// <summary>Mutual TLS between two ends of a loopback connection, as the benchmarks' raw-TLS references use it.</summary>
internal static class LoopbackTls
{
    /// <summary>Wraps both ends in <see cref="SslStream"/> and completes the handshake (peer certificates are not judged: only the cost is measured).</summary>
    public static async Task<(SslStream Client, SslStream Server)> AuthenticateAsync(Stream clientSide, Stream serverSide,
        X509Certificate2 serverCertificate, X509Certificate2 clientCertificate)
    {
        var client = new SslStream(clientSide, leaveInnerStreamOpen: false);
        var server = new SslStream(serverSide, leaveInnerStreamOpen: false);
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }),
            client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = new X509CertificateCollection { clientCertificate },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }));
        return (client, server);
    }
}
