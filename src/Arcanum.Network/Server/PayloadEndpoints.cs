using System.Buffers;
using System.Buffers.Binary;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Server;

/// <summary>
/// The bulk endpoints: a task's payload and a site's answer as plain HTTP/1.1 bodies over the same mutual-TLS port
/// as the gRPC service. gRPC moves a payload as 1 MiB protobuf messages cut into 16 KB HTTP/2 frames, and that
/// framing and copying cost about half of what raw TLS moves (bench d); a plain body goes from the file to TLS and
/// back with one copy on each side. The same checks and refusals as <c>DownloadPayload</c> and <c>SubmitResult</c>
/// apply (<see cref="TaskTransfers"/>); a refusal is an HTTP error whose <see cref="StatusHeader"/> carries the
/// gRPC status code and whose body is the reason. Wire format: protos/README.md section 11.
/// </summary>
public static class PayloadEndpoints
{
    /// <summary><c>GET</c> a task's payload, optionally from <c>?offset=N</c> (to resume).</summary>
    public const string PayloadRoute = "/arcanum.v1/payload/{taskId}";

    /// <summary><c>POST</c> an answer: a 4-byte big-endian length, that many bytes of <c>ResultHeader</c>, then the payload.</summary>
    public const string ResultRoute = "/arcanum.v1/result";

    /// <summary>The response header carrying the gRPC status code of the outcome (0 when accepted).</summary>
    public const string StatusHeader = "arcanum-status";

    /// <summary>The largest serialised <c>ResultHeader</c> taken: a 4 MiB result document and a message.</summary>
    public const int MaxHeaderBytes = (4 << 20) + (64 << 10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(PayloadRoute, (HttpContext http, string taskId, TaskTransfers transfers) => Guarded(http, () => DownloadAsync(http, taskId, transfers)));
        app.MapPost(ResultRoute, (HttpContext http, TaskTransfers transfers) => Guarded(http, () => SubmitAsync(http, transfers)));
    }

    private static async Task DownloadAsync(HttpContext http, string taskId, TaskTransfers transfers)
    {
        var (site, _) = transfers.RegisteredSite(http);
        var offsetText = http.Request.Query["offset"].ToString();
        long offset = 0;
        if (offsetText.Length > 0 && !long.TryParse(offsetText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"offset '{offsetText}' is not a whole number of bytes."));
        await using var file = transfers.OpenPayload(site, taskId, offset);
        var ct = http.RequestAborted;
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = file.Length - offset;
        http.Response.Headers[StatusHeader] = "0";
        await transfers.SendPayloadAsync(site, file, (_, data) => http.Response.Body.WriteAsync(data, ct).AsTask(), ct).ConfigureAwait(false);
    }

    private static async Task SubmitAsync(HttpContext http, TaskTransfers transfers)
    {
        var (site, _) = transfers.RegisteredSite(http);
        var ct = http.RequestAborted;
        var body = http.Request.Body;
        var header = await ReadHeaderAsync(body, ct).ConfigureAwait(false);
        var reply = await transfers.SubmitAsync(site, header, hash: header.PayloadSha256.Length > 0, async (into, announced, token) =>
        {
            if (into is not null) await SpoolAsync(http.Request.BodyReader, into, announced, () => transfers.Touch(site), token).ConfigureAwait(false);
            var extra = new byte[1];
            if (await body.ReadAsync(extra, token).ConfigureAwait(false) > 0)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"The body goes on past the {announced} payload bytes its header announced."));
            return header.PayloadSha256;
        }, ct).ConfigureAwait(false);
        http.Response.Headers[StatusHeader] = "0";
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reply.Message, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves up to <paramref name="announced"/> bytes of the body into <paramref name="into"/> (fewer when the body ends
    /// early: the caller reports the count). Waits for at least <see cref="SpoolReadBytes"/> at a time from the body's
    /// pipe rather than waking for every piece the transport delivers, and writes what came in pieces of up to 1 MiB.
    /// </summary>
    private static async Task SpoolAsync(System.IO.Pipelines.PipeReader body, Stream into, long announced, Action progress, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Payloads.ChunkBytes);
        try
        {
            var left = announced;
            while (left > 0)
            {
                var read = await body.ReadAtLeastAsync((int)Math.Min(SpoolReadBytes, left), ct).ConfigureAwait(false);
                var data = read.Buffer.Length > left ? read.Buffer.Slice(0, left) : read.Buffer;
                for (var piece = data; piece.Length > 0; piece = piece.Slice(Math.Min(Payloads.ChunkBytes, piece.Length)))
                {
                    var n = (int)Math.Min(Payloads.ChunkBytes, piece.Length);
                    piece.Slice(0, n).CopyTo(buffer);
                    await into.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                }
                body.AdvanceTo(data.End);
                left -= data.Length;
                progress();
                if (read.IsCompleted && left > 0) return;   // short: the caller reports how many bytes came
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The least a spooling read waits for (less at the end of the body).</summary>
    private const int SpoolReadBytes = 256 << 10;

    private static async Task<ResultHeader> ReadHeaderAsync(Stream body, CancellationToken ct)
    {
        var prefix = new byte[4];
        if (await body.ReadAtLeastAsync(prefix, 4, throwOnEndOfStream: false, ct).ConfigureAwait(false) < 4)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A result starts with the 4-byte length of its header."));
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0 || length > MaxHeaderBytes)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The result header's length {length} is outside 1..{MaxHeaderBytes} bytes."));
        var bytes = new byte[length];
        if (await body.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false) < bytes.Length)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The body ended inside its {length}-byte result header."));
        try
        {
            return ResultHeader.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The result header is not a ResultHeader message: " + e.Message));
        }
    }

    /// <summary>Runs an endpoint and turns a refusal into an HTTP error carrying the gRPC status and the reason.</summary>
    private static async Task Guarded(HttpContext http, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            if (http.Response.HasStarted)
            {
                http.Abort();   // mid-body: the site sees a broken transfer and resumes or retries
                return;
            }
            http.Response.StatusCode = HttpStatus(e.StatusCode);
            http.Response.Headers[StatusHeader] = ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(e.Status.Detail, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The site went away mid-transfer: nothing to answer.
        }
    }

    /// <summary>The HTTP status for a refusal; sites read <see cref="StatusHeader"/>, this is for proxies and people.</summary>
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.FailedPrecondition or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.DataLoss => StatusCodes.Status422UnprocessableEntity,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
