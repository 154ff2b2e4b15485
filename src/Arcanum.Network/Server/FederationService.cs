using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Server;

/// <summary>The site-facing service. The caller is the site named by its TLS client certificate.</summary>
public sealed class FederationService(ServerContext server, TaskTransfers transfers) : Federation.FederationBase
{
    private static readonly TimeSpan MaxPull = TimeSpan.FromSeconds(30);

    public override Task<RegisterReply> Register(RegisterRequest request, ServerCallContext context)
    {
        var site = Caller.Site(context, server);
        if (request.Datasets.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > 200))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Dataset names must be non-empty and at most 200 characters."));
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(site.Certificate.RawData);
        var (session, replaced) = server.Registry.Register(site.Name, request.Datasets, request.Policy ?? new Protocol.SitePolicy(), TaskTransfers.Truncate(request.Software, 100),
            site.CertificateExpires, certificate, TaskTransfers.Truncate(request.Instance, 100));
        if (replaced.Length > 0)
        {
            // Two processes with one kit would take turns answering as one site: the newest wins, the older is told to stop.
            server.Logger.LogWarning("Site {Site} registered again from {Peer}; its previous session is closed and that process will be told to stop",
                site.Name, context.Peer);
        }
        server.Logger.LogInformation("Site {Site} registered with datasets [{Datasets}]", site.Name, string.Join(", ", request.Datasets));
        return Task.FromResult(new RegisterReply { Project = server.Project, HeartbeatIntervalS = HeartbeatInterval(), Site = site.Name, Session = session });
    }

    public override Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var (site, session) = RegisteredSite(context);
        var reply = new HeartbeatReply();
        reply.AbandonTaskIds.AddRange(server.Board.TakeAbandoned(site, session));
        // At most a few dozen ids are looked at, so a misbehaving site cannot make a heartbeat expensive.
        reply.EndedJobIds.AddRange(request.HeldJobIds.Distinct(StringComparer.Ordinal).Take(64)
            .Where(id => server.Store.GetJob(id) is not { IsFinished: false }));
        return Task.FromResult(reply);
    }

    public override async Task<PullTaskReply> PullTask(PullTaskRequest request, ServerCallContext context)
    {
        var (site, session) = RegisteredSite(context);
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, (int)MaxPull.TotalMilliseconds));
        var task = await server.Board.PullAsync(site, session, () => server.Registry.Check(site, session) == SessionCheck.Current, wait, context.CancellationToken)
            .ConfigureAwait(false);
        if (task is null) RegisteredSite(context);   // superseded while waiting: say so rather than "no task"
        server.Registry.Touch(site);
        return task is null ? new PullTaskReply() : new PullTaskReply { Task = task.Message };
    }

    public override async Task DownloadPayload(DownloadRequest request, IServerStreamWriter<PayloadChunk> responseStream, ServerCallContext context)
    {
        var (site, _) = RegisteredSite(context);
        await using var file = transfers.OpenPayload(site, request.TaskId, request.Offset);
        // Each chunk wraps the buffer without a copy: WriteAsync has serialised it when it returns, so reuse is safe.
        await transfers.SendPayloadAsync(site, file, (offset, data) => responseStream.WriteAsync(new PayloadChunk { Offset = offset, Data = UnsafeByteOperations.UnsafeWrap(data) }),
            context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<SubmitReply> SubmitResult(IAsyncStreamReader<ResultPart> requestStream, ServerCallContext context)
    {
        var (site, _) = RegisteredSite(context);
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct).ConfigureAwait(false) || requestStream.Current.PartCase != ResultPart.PartOneofCase.Header)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A result starts with its header."));
        // The trailer's SHA-256 comes after the payload, so the payload is hashed in case one is claimed.
        return await transfers.SubmitAsync(site, requestStream.Current.Header, hash: true, async (into, announced, token) =>
        {
            while (await requestStream.MoveNext(token).ConfigureAwait(false))
            {
                var part = requestStream.Current;
                switch (part.PartCase)
                {
                    case ResultPart.PartOneofCase.Chunk when into is null:
                        throw new RpcException(new Status(StatusCode.InvalidArgument, "Payload chunks arrived after a header announcing no payload."));
                    case ResultPart.PartOneofCase.Chunk:
                        if (into.Length + part.Chunk.Length > announced)
                            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The payload is longer than the {announced} bytes its header announced."));
                        await into.WriteAsync(part.Chunk.Memory, token).ConfigureAwait(false);
                        transfers.Touch(site);
                        break;
                    case ResultPart.PartOneofCase.Trailer when into is not null:
                        return part.Trailer.PayloadSha256;
                    case ResultPart.PartOneofCase.Header:
                        throw new RpcException(new Status(StatusCode.InvalidArgument, "A second header arrived in one result."));
                }
            }
            return null;
        }, ct).ConfigureAwait(false);
    }

    private (string Site, string Session) RegisteredSite(ServerCallContext context) => transfers.RegisteredSite(context.GetHttpContext());

    private int HeartbeatInterval() => Math.Max(1, (int)(server.Registry.HeartbeatTimeout.TotalSeconds / 3));
}
