using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Arcanum.Provisioning.Tests.Support;

namespace Arcanum.Provisioning.Tests.Validation;

/// <summary>The kits do what they are for: a real mutual-TLS handshake on loopback, judged by <see cref="PeerValidator"/>.</summary>
public sealed class MutualTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Handshake_SiteKitWithServerKit_SucceedsBothWays()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));

        var outcome = await Handshake(server, site.Certificate, site.CreatePeerValidator());

        Assert.Null(outcome.ServerError);
        Assert.Null(outcome.ClientError);
        Assert.Equal(site.Identity, outcome.ServerSaw!.Identity);
        Assert.True(outcome.ClientSaw!.IsValid, outcome.ClientSaw.Reason);
        Assert.Equal(42, outcome.Echo);
    }

    [Fact]
    public async Task Handshake_ClientCertificateOfAForeignCa_IsRefusedByTheServer()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-a"));
        using var foreignCa = CertificateAuthority.Create("demo", KeyAlgorithm.EcdsaP384, DateTimeOffset.UtcNow);
        using var foreign = foreignCa.IssueWithKey(ParticipantIdentity.ForSite("hospital-a", "demo"), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        var outcome = await Handshake(server, foreign, site.CreatePeerValidator());

        Assert.NotNull(outcome.ServerError);
        Assert.Contains("was not issued by the demo project CA", outcome.ServerSaw!.Reason);
        Assert.Null(outcome.Echo);
    }

    [Fact]
    public async Task Handshake_RevokedSite_IsRefusedWithoutRestartingTheServer()
    {
        using var temp = new TempDir();
        var root = Some.Kits(temp).Directory;
        using var server = StartupKit.Load(Path.Combine(root, "server"));
        using var site = StartupKit.Load(Path.Combine(root, "hospital-b"));
        var validator = server.CreatePeerValidator();
        Assert.Null((await Handshake(server, site.Certificate, site.CreatePeerValidator(), validator)).ServerError);

        Provisioner.Revoke(root, "hospital-b");
        var outcome = await Handshake(server, site.Certificate, site.CreatePeerValidator(), validator);

        Assert.NotNull(outcome.ServerError);
        Assert.EndsWith("is revoked", outcome.ServerSaw!.Reason);
    }

    private sealed record Outcome(Exception? ServerError, Exception? ClientError, PeerCheck? ServerSaw, PeerCheck? ClientSaw, int? Echo);

    /// <summary>One connection: the client sends a byte, the server echoes it. Every wait is bounded by <see cref="Timeout"/>.</summary>
    private static async Task<Outcome> Handshake(StartupKit serverKit, X509Certificate2 clientCertificate, PeerValidator clientValidator, PeerValidator? serverValidator = null)
    {
        serverValidator ??= serverKit.CreatePeerValidator();
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        PeerCheck? serverSaw = null, clientSaw = null;

        var serverTask = Task.Run(async () =>
        {
            using var tcp = await listener.AcceptTcpClientAsync(cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverKit.Certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, cert, chain, errors) => (serverSaw = serverValidator.Validate(cert, chain, errors)).IsValid,
            }, cts.Token);
            var buffer = new byte[1];
            await tls.ReadExactlyAsync(buffer, cts.Token);
            await tls.WriteAsync(buffer, cts.Token);
        });
        var clientTask = Task.Run(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            await using var tls = new SslStream(tcp.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, cert, _, _) => (clientSaw = clientValidator.ValidateServer(cert, "127.0.0.1")).IsValid,
            }, cts.Token);
            await tls.WriteAsync(new byte[] { 42 }, cts.Token);
            var buffer = new byte[1];
            await tls.ReadExactlyAsync(buffer, cts.Token);
            return (int)buffer[0];
        });

        var serverError = await Catch(serverTask);
        int? echo = null;
        Exception? clientError = null;
        try
        {
            echo = await clientTask;
        }
        catch (Exception e)
        {
            clientError = e;
        }
        Assert.False(cts.IsCancellationRequested, "the handshake timed out");
        return new Outcome(serverError, clientError, serverSaw, clientSaw, echo);
    }

    private static async Task<Exception?> Catch(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
