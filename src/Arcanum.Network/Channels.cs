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
        var handler = Handler(clientCertificate, ca, project, host);
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        handler.EnableMultipleHttp2Connections = true;
        handler.InitialHttp2StreamWindowSize = 16 << 20;   // downloads of 1 MiB chunks are not held back by window updates
        return GrpcChannel.ForAddress(Address(host, port), new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 4 << 20,
            MaxSendMessageSize = 4 << 20,
        });
    }

    /// <summary>
    /// An HTTP/1.1 client for the server's bulk payload endpoints (<c>PayloadEndpoints</c>), with the same certificate
    /// checks as <see cref="ToServer(StartupKit, string?, int?)"/>. No overall timeout: a large model takes as long as it
    /// takes, and each transfer is cancelled with its task.
    /// </summary>
    public static HttpClient BulkToServer(StartupKit kit, string? host = null, int? port = null)
    {
        host ??= kit.ServerHost;
        return new HttpClient(Handler(kit.Certificate, kit.CaCertificate, kit.Identity.Project, host))
        {
            BaseAddress = new Uri(Address(host, port ?? kit.ServerPort)),
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static SocketsHttpHandler Handler(X509Certificate2 clientCertificate, X509Certificate2 ca, string project, string host)
    {
        var validator = new PeerValidator(ca, project);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { clientCertificate },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => validator.ValidateServer(certificate, host).IsValid,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
    }

    private static string Address(string host, int port) => $"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
}
