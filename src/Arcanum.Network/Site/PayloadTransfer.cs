using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Arcanum.Network.Transport;
using Google.Protobuf;
using Grpc.Core;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Site;

/// <summary>
/// How a site moves a task's payload down and its answer up. Both ways keep the same rules and refusals (the server
/// runs one <see cref="TaskTransfers"/> behind them); a refusal surfaces as an <see cref="RpcException"/> with the
/// server's status either way, so the agent's retry logic does not care which is used.
/// </summary>
internal interface IPayloadTransfer
{
    /// <summary>
    /// Reads the payload of <paramref name="taskId"/> into <paramref name="buffer"/> from <c>received.Value</c> on,
    /// advancing it as bytes arrive, so a broken transfer can be resumed from there.
    /// </summary>
    Task DownloadAsync(string taskId, Memory<byte> buffer, StrongBox<long> received, CancellationToken ct);

    /// <summary>
    /// Sends an answer: <paramref name="header"/> and its payload (empty when none), with the payload's SHA-256 when
    /// given. Arcanum's sites give none: TLS authenticates every record and the server checks the length (protos/README.md
    /// section 12), and hashing would cost the site and the server a pass over every answer.
    /// </summary>
    Task SubmitAsync(ResultHeader header, ReadOnlyMemory<byte> payload, string? payloadSha256, CancellationToken ct);
}

/// <summary>The gRPC streams: 1 MiB <c>PayloadChunk</c>s down, a header, chunks and a trailer up (what any site may use).</summary>
internal sealed class GrpcPayloadTransfer(Federation.FederationClient client) : IPayloadTransfer
{
    public async Task DownloadAsync(string taskId, Memory<byte> buffer, StrongBox<long> received, CancellationToken ct)
    {
        using var call = client.DownloadPayload(new DownloadRequest { TaskId = taskId, Offset = received.Value }, cancellationToken: ct);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
        {
            if (chunk.Offset != received.Value || received.Value + chunk.Data.Length > buffer.Length)
                throw new InvalidDataException($"The payload stream jumped to offset {chunk.Offset} (expected {received.Value}).");
            chunk.Data.Span.CopyTo(buffer.Span[(int)received.Value..]);
            received.Value += chunk.Data.Length;
        }
    }

    public async Task SubmitAsync(ResultHeader header, ReadOnlyMemory<byte> payload, string? payloadSha256, CancellationToken ct)
    {
        using var call = client.SubmitResult(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ResultPart { Header = header }, ct);
        if (payload.Length > 0)
        {
            // Each chunk wraps the payload buffer: no second copy of the model.
            for (var offset = 0; offset < payload.Length; offset += Payloads.ChunkBytes)
                await call.RequestStream.WriteAsync(new ResultPart { Chunk = UnsafeByteOperations.UnsafeWrap(payload.Slice(offset, Math.Min(Payloads.ChunkBytes, payload.Length - offset))) }, ct);
            await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { PayloadSha256 = payloadSha256 ?? "" } }, ct);
        }
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }
}

/// <summary>
/// The bulk HTTP/1.1 endpoints (<see cref="PayloadEndpoints"/>): the payload and the answer as plain bodies, about
/// twice as fast as the gRPC streams on loopback (bench d). Transport failures become <see cref="StatusCode.Unavailable"/>
/// and refusals carry the server's gRPC status, as a gRPC call's would.
/// </summary>
internal sealed class HttpPayloadTransfer(HttpClient http, SiteSession session) : IPayloadTransfer
{
    public async Task DownloadAsync(string taskId, Memory<byte> buffer, StrongBox<long> received, CancellationToken ct)
    {
        var path = PayloadEndpoints.PayloadRoute.Replace("{taskId}", Uri.EscapeDataString(taskId), StringComparison.Ordinal) + $"?offset={received.Value}";
        await Call(async () =>
        {
            using var request = Request(HttpMethod.Get, path);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            await ThrowIfRefusedAsync(response, ct).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is not { } length || received.Value + length != buffer.Length)
                throw new InvalidDataException($"The server offers {response.Content.Headers.ContentLength?.ToString() ?? "an unknown number of"} bytes from offset {received.Value}; the task announced {buffer.Length}.");
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            int n;
            while (received.Value < buffer.Length
                   && (n = await body.ReadAsync(buffer.Slice((int)received.Value, (int)Math.Min(Payloads.ChunkBytes, buffer.Length - received.Value)), ct).ConfigureAwait(false)) > 0)
                received.Value += n;
        }, ct).ConfigureAwait(false);
    }

    public async Task SubmitAsync(ResultHeader header, ReadOnlyMemory<byte> payload, string? payloadSha256, CancellationToken ct)
    {
        var withSha = header.Clone();
        withSha.PayloadSha256 = payloadSha256 ?? "";
        var headerBytes = withSha.ToByteArray();
        var prefix = new byte[4 + headerBytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)headerBytes.Length);
        headerBytes.CopyTo(prefix, 4);
        await Call(async () =>
        {
            using var request = Request(HttpMethod.Post, PayloadEndpoints.ResultRoute);
            request.Content = new AnswerContent(prefix, payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            await ThrowIfRefusedAsync(response, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(SiteSession.Header, session.Current);
        return request;
    }

    private static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var code = response.Headers.TryGetValues(PayloadEndpoints.StatusHeader, out var values) && int.TryParse(values.FirstOrDefault(), out var c)
            ? (StatusCode)c
            : response.IsSuccessStatusCode ? StatusCode.OK : StatusCode.Unavailable;   // no status of ours: a proxy or a server without the endpoints
        if (code == StatusCode.OK && response.IsSuccessStatusCode) return;
        var reason = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new RpcException(new Status(code == StatusCode.OK ? StatusCode.Internal : code,
            reason.Length > 0 ? reason : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
    }

    /// <summary>Runs one request; a connection that breaks or cannot be made is <see cref="StatusCode.Unavailable"/>, as over gRPC.</summary>
    private static async Task Call(Func<Task> send, CancellationToken ct)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the transfer broke: " + e.Message));
        }
    }

    /// <summary>The answer's body: the length-prefixed header, then the payload straight from the site's buffer.</summary>
    private sealed class AnswerContent(byte[] prefix, ReadOnlyMemory<byte> payload) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(prefix, ct).ConfigureAwait(false);
            for (var offset = 0; offset < payload.Length; offset += Payloads.ChunkBytes)
                await stream.WriteAsync(payload.Slice(offset, Math.Min(Payloads.ChunkBytes, payload.Length - offset)), ct).ConfigureAwait(false);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = prefix.Length + payload.Length;
            return true;
        }
    }
}
