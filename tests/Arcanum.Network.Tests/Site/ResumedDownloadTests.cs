using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Arcanum.Network.Protocol;
using Arcanum.Network.Site;
using Arcanum.Network.Transport;
using Grpc.Core;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests.Site;

/// <summary>
/// A site checks a download against the task's SHA-256 when the payload came in pieces over more than one connection,
/// and trusts TLS for one that came whole.
/// </summary>
public sealed class ResumedDownloadTests
{
    private static readonly byte[] Payload = RandomNumberGenerator.GetBytes(3000);

    private static Protocol.Task Task() => new() { TaskId = "task-1", PayloadBytes = Payload.Length, PayloadSha256 = Payloads.Sha256Hex(Payload) };

    [Fact]
    public async Task A_download_that_broke_and_resumed_is_checked_whole_against_its_SHA256()
    {
        var log = new List<string>();
        var good = new byte[Payload.Length];
        await SiteAgent.DownloadPayloadAsync(new BreakingTransfer(damageSecondPart: false), Task(), good, log.Add, CancellationToken.None);
        Assert.Equal(Payload, good);
        Assert.Contains(log, l => l.Contains("broke at 1000 bytes") && l.Contains("resuming"));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            SiteAgent.DownloadPayloadAsync(new BreakingTransfer(damageSecondPart: true), Task(), new byte[Payload.Length], _ => { }, CancellationToken.None));
        Assert.Contains("resumed transfer was damaged", e.Message);
    }

    [Fact]
    public async Task A_download_that_came_whole_over_one_connection_is_taken_without_hashing()
    {
        // The task's SHA-256 is wrong on purpose: an unbroken download is not hashed, so it cannot notice.
        var task = Task();
        task.PayloadSha256 = new string('0', 64);
        var whole = new byte[Payload.Length];
        await SiteAgent.DownloadPayloadAsync(new BreakingTransfer(damageSecondPart: false, breakAt: null), task, whole, _ => { }, CancellationToken.None);
        Assert.Equal(Payload, whole);
    }

    [Fact]
    public async Task A_download_into_a_larger_pooled_buffer_fills_the_announced_length_and_no_other()
    {
        // Given a rented buffer longer than the payload, holding bytes of an earlier task
        var rented = Enumerable.Repeat((byte)0xab, Payload.Length + 500).ToArray();

        // When the payload is downloaded into the announced part of it
        await SiteAgent.DownloadPayloadAsync(new BreakingTransfer(damageSecondPart: false), Task(), rented.AsMemory(0, Payload.Length), _ => { }, CancellationToken.None);

        // Then that part is the payload; a part of another length than the task announces is refused
        Assert.Equal(Payload, rented[..Payload.Length]);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            SiteAgent.DownloadPayloadAsync(new BreakingTransfer(damageSecondPart: false), Task(), rented, _ => { }, CancellationToken.None));
    }

    /// <summary>Serves <see cref="Payload"/>; the first call breaks after <c>breakAt</c> bytes, and the second may deliver damaged bytes.</summary>
    private sealed class BreakingTransfer(bool damageSecondPart, int? breakAt = 1000) : IPayloadTransfer
    {
        private int _calls;

        public Task DownloadAsync(string taskId, Memory<byte> buffer, StrongBox<long> received, CancellationToken ct)
        {
            var call = ++_calls;
            var from = (int)received.Value;
            var to = call == 1 && breakAt is { } b ? b : Payload.Length;
            Payload.AsSpan(from, to - from).CopyTo(buffer.Span[from..]);
            if (call > 1 && damageSecondPart) buffer.Span[from + 5] ^= 0xff;
            received.Value = to;
            return call == 1 && breakAt is not null
                ? System.Threading.Tasks.Task.FromException(new RpcException(new Status(StatusCode.Unavailable, "the transfer broke")))
                : System.Threading.Tasks.Task.CompletedTask;
        }

        public Task SubmitAsync(ResultHeader header, ReadOnlyMemory<byte> payload, string? payloadSha256, CancellationToken ct) => throw new NotSupportedException();
    }
}
