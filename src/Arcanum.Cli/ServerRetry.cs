using Grpc.Core;
using Polly;
using Polly.Retry;

namespace Arcanum.Cli;

/// <summary>
/// Retries an admin read while the server cannot be reached (starting, restarting), with
/// exponential backoff and jitter, for about a minute in all; then the last error stands. Writes
/// (submit, abort) are not retried: the server may have acted on the first try.
/// </summary>
internal static class ServerRetry
{
    public static ResiliencePipeline Pipeline(Action<string> log, TimeProvider? clock = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock ?? TimeProvider.System };
        return builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
            MaxRetryAttempts = 8,   // 1 + 2 + 4 + 8 + 10 × 4 s: about a minute
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(10),
            UseJitter = true,
            OnRetry = args =>
            {
                var detail = args.Outcome.Exception is RpcException e ? e.Status.Detail : "no answer";
                log($"the server is not reachable yet ({detail}); trying again in {args.RetryDelay.TotalSeconds:F0} s");
                return ValueTask.CompletedTask;
            },
        }).Build();
    }
}
