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
    public static GrpcChannel ToServer(StartupKit kit, string? host = null, int? port = null)
    {
        var validator = new PeerValidator(kit.CaCertificate, kit.Identity.Project);
        var dial = host ?? kit.ServerHost;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { kit.Certificate },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => validator.ValidateServer(certificate, dial).IsValid,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        var address = $"https://{(dial.Contains(':') ? $"[{dial}]" : dial)}:{port ?? kit.ServerPort}";
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 4 << 20,
            MaxSendMessageSize = 4 << 20,
        });
    }
}
