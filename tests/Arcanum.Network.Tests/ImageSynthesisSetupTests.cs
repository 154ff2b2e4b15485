using Arcanum.Core.Weights;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Arcanum.Network.Transport;
using Google.Protobuf;
using Grpc.Core;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>What the server takes from a site at an image-synthesis job's setup: its slices' condition maps, checked before they are kept.</summary>
public sealed class ImageSynthesisSetupTests
{
    private const string Job = """
        { "name": "gan", "data": "pima", "task": "image_synthesis", "image_size": 16, "rounds": 1, "min_sites": 1, "round_timeout_s": 20,
          "synthesis": { "generator_widths": [8, 16], "discriminator_layers": 2 } }
        """;

    [Fact]
    public async Task Condition_maps_that_are_not_masks_or_not_of_the_announced_shape_are_refused_to_their_site()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        var submitted = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        var a = server.Site("hospital-a");
        var b = server.Site("hospital-b");
        var statisticsA = (await a.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;
        var statisticsB = (await b.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;
        Assert.Equal(TaskKind.Statistics, statisticsA.Kind);

        // A site whose maps hold grey values (an image, not a mask)
        var grey = await Assert.ThrowsAsync<RpcException>(() => AnswerAsync(a, statisticsA, slices: 2, Maps(2, value: 0.5f)));
        Assert.Equal(StatusCode.InvalidArgument, grey.StatusCode);
        Assert.Contains("0 and 1 only", grey.Status.Detail, StringComparison.Ordinal);

        // A site that announces 3 slices and sends 2
        var shape = await Assert.ThrowsAsync<RpcException>(() => AnswerAsync(b, statisticsB, slices: 3, Maps(2, value: 1f)));
        Assert.Contains("of shape [3, 2, 16, 16]", shape.Status.Detail, StringComparison.Ordinal);

        var info = await server.WaitForJobAsync(submitted.JobId, CancellationToken.None);
        Assert.Equal("failed", info.State);
        Assert.Contains("loaded their images", info.Message, StringComparison.Ordinal);
        Assert.Contains(info.Events, e => e.Contains("hospital-a", StringComparison.Ordinal) && e.Contains("0 and 1 only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_announcing_more_condition_maps_than_the_limit_is_refused_before_its_payload_is_read()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        var a = server.Site("hospital-a");
        var statistics = (await a.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;

        var huge = await Assert.ThrowsAsync<RpcException>(() => AnswerAsync(a, statistics, slices: 1_000_000, Maps(1, value: 1f)));

        Assert.Contains("exceed the 1024 MiB a site may send", huge.Status.Detail, StringComparison.Ordinal);
    }

    private static byte[] Maps(int slices, float value)
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, new ModelWeights([new NamedArray("conditions", [slices, 2, 16, 16], Enumerable.Repeat(value, slices * 2 * 256).ToArray())]));
        return stream.ToArray();
    }

    private static async Task<SubmitReply> AnswerAsync(Protocol.Federation.FederationClient site, Protocol.Task task, long slices, byte[] payload)
    {
        using var call = site.SubmitResult(deadline: DateTime.UtcNow.AddSeconds(20));
        var header = new ResultHeader
        {
            TaskId = task.TaskId, Status = ResultStatus.Ok, ResultJson = $$"""{"train_rows": {{slices}}, "holdout_rows": 0, "class_counts": []}""",
            PayloadBytes = payload.Length,
        };
        await call.RequestStream.WriteAsync(new ResultPart { Header = header });
        await call.RequestStream.WriteAsync(new ResultPart { Chunk = ByteString.CopyFrom(payload) });
        await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { PayloadSha256 = Payloads.Sha256Hex(payload) } });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
