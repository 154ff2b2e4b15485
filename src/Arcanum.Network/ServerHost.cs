using System.Net;
using System.Security.Authentication;
using Arcanum.Core.Learning;
using Arcanum.Network.Server;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network;

/// <summary>
/// The federation server: ASP.NET Core gRPC over HTTP/2 (and the bulk payload endpoints, <see cref="PayloadEndpoints"/>,
/// over HTTP/1.1 on the same port) with TLS 1.2+, a client certificate
/// required and checked against the project CA and its revocation list during the handshake
/// (a refused certificate never reaches a service, and the refusal is logged with its reason).
/// </summary>
public static class ServerHost
{
    /// <summary>
    /// Builds the server from its startup kit; <see cref="WebApplication.RunAsync"/> serves until cancelled. The learner
    /// makes table and image jobs' initial weights; <paramref name="jobModels"/> are the models outside its family
    /// the server runs jobs of (the note generator, AsynDGAN), none by default, when such jobs are refused.
    /// </summary>
    public static WebApplication Build(StartupKit kit, ILearner learner, int? port = null, Action<ILoggingBuilder>? logging = null, TimeProvider? clock = null,
        IReadOnlyList<Federated.Simulation.IJobModel>? jobModels = null)
    {
        var settings = kit.Server ?? throw new ProvisioningException($"The kit in {kit.Directory} is a {kit.Identity.Kind} kit, not the server's.");
        var validator = new PeerValidator(kit.CaCertificate, kit.Identity.Project, settings.CrlPath, clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning)
            // A start-up failure (a busy port) is thrown to the caller, which says it in one line; the host's own
            // log of it is a stack trace.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        ILogger? tlsLog = null;   // set once the app is built; handshakes start only after that

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;   // streams are bounded per message by gRPC, not per call
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            // Weights stream in 1 MiB messages: large frames and flow-control windows keep HTTP/2
            // from chopping them into 16 KB frames and stalling on window updates (measured in bench d).
            // The stream window is also what Kestrel may buffer per upload while the service lags behind
            // (8 sites: 8 windows), so it is 4 MiB, not 16: still 4 chunks in flight, 80 MB/s per site at 50 ms.
            kestrel.Limits.Http2.MaxFrameSize = (1 << 24) - 1;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 8 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 4 << 20;
            var address = IPAddress.TryParse(settings.ListenHost, out var ip) ? ip : settings.ListenHost == "localhost" ? IPAddress.Loopback : IPAddress.Any;
            kestrel.Listen(address, port ?? settings.ListenPort, listen =>
            {
                // HTTP/2 for the gRPC services; HTTP/1.1 (chosen by ALPN) for the bulk payload endpoints.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = kit.Certificate;
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.CheckCertificateRevocation = false;   // the project CRL is checked below, not the system's
                    https.ClientCertificateValidation = (certificate, chain, errors) =>
                    {
                        var check = validator.Validate(certificate, chain, errors);
                        if (!check.IsValid) tlsLog?.LogWarning("TLS refused a client: {Reason}", check.Reason);
                        return check.IsValid;
                    };
                });
            });
        });

        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 4 << 20;   // gRPC's default, kept on purpose: weights come in 1 MiB chunks
            o.MaxSendMessageSize = 4 << 20;
        });
        builder.Services.AddSingleton(sp => new ServerContext(kit.Identity.Project, settings.WorkspacePath, learner, clock ?? TimeProvider.System,
            settings.HeartbeatTimeout, settings.MaxConcurrentJobs, sp.GetRequiredService<ILoggerFactory>().CreateLogger("arcanum.server"),
            new CertificateRecheck(validator, settings.CrlPath, clock ?? TimeProvider.System).Problem)
        {
            ServerCertificateExpires = ServerStore.Iso(kit.CertificateNotAfter),
            JobModels = jobModels ?? [],
        });
        // 64 KB receive buffers instead of Kestrel's 4 KB: uploads at raw TLS speed (bench d).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, BlockMemoryPool.Factory>();
        builder.Services.AddSingleton<TaskTransfers>();
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());

        var app = builder.Build();
        tlsLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("arcanum.tls");
        app.MapGrpcService<FederationService>();
        app.MapGrpcService<AdminService>();
        PayloadEndpoints.Map(app);
        return app;
    }
}
