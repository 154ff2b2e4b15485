using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Provisioning;
using Grpc.Net.Client;

namespace Arcanum.Network;

/// <summary>
/// A gRPC channel to the project's server that presents the kit's certificate and accepts only a
/// server certificate issued by the project CA for the host it dials.
/// </summary>
public static class Channels
{
    public static GrpcChannel ToServer(StartupKit kit, string? host = null, int? port = null) =>
        ToServer(kit.Certificate, kit.CaCertificate, kit.Identity.Project, host ?? kit.ServerHost, port ?? kit.ServerPort);

    /// <summary>A channel presenting <paramref name="clientCertificate"/> (with its private key) to the server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static GrpcChannel ToServer(X509Certificate2 clientCertificate, X509Certificate2 ca, string project, string host, int port)
    {
        var validator = new PeerValidator(ca, project);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { clientCertificate },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => validator.ValidateServer(certificate, host).IsValid,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            InitialHttp2StreamWindowSize = 16 << 20,   // downloads of 1 MiB chunks are not held back by window updates
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        var address = $"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 4 << 20,
            MaxSendMessageSize = 4 << 20,
        });
    }
}
