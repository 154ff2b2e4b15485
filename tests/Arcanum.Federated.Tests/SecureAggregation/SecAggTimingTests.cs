using System.Diagnostics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using Arcanum.Federated.SecureAggregation;
using Xunit.Abstractions;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>
/// Measures a secure round against a plain weighted mean (8 sites, k = 4) and prints the times; it asserts
/// only correctness, never time. 1M parameters always; 10M when ARCANUM_SECAGG_BENCH_10M=1.
/// </summary>
public sealed class SecAggTimingTests(ITestOutputHelper output)
{
    private static readonly SecAggOptions Options = new() { NeighbourCount = 4, Threshold = 3 };

    [Fact]
    public void Finish_OneMillionParameters_CorrectAndTimed() => Measure(1_000_000);

    [Fact]
    public void Finish_TenMillionParameters_CorrectAndTimed()
    {
        if (Environment.GetEnvironmentVariable("ARCANUM_SECAGG_BENCH_10M") != "1")
        {
            output.WriteLine("Set ARCANUM_SECAGG_BENCH_10M=1 to measure 10M parameters; measuring 100k instead.");
            Measure(100_000);
            return;
        }
        Measure(10_000_000);
    }

    private void Measure(int length)
    {
        // Given 8 sites with updates in [−1, 1] and site 15 dropping out after sharing keys
        const int sites = 8;
        var updates = SecAggHarness.RandomUpdates(sites, length, seed: 3);
        long[] counts = [100, 200, 300, 400, 500, 600, 700, 800];
        var harness = new SecAggHarness(sites, Options, length);
        var server = harness.Server;
        var clock = Stopwatch.StartNew();

        // When
        foreach (var c in harness.Clients.Values) server.AddAdvertisement(c.AdvertiseKeys());
        var directory = server.EndAdvertiseKeys();
        foreach (var c in harness.Clients.Values) server.AddShares(c.ShareKeys(directory));
        var deliveries = server.EndShareKeys();
        var keysSeconds = clock.Elapsed.TotalSeconds;
        var maskSeconds = new List<double>();
        var addSeconds = 0.0;
        foreach (var (id, delivery) in deliveries.Where(d => d.Key != 15))
        {
            var index = Array.IndexOf(harness.SiteIds, id);
            clock.Restart();
            var input = harness.Clients[id].MaskInput(delivery, updates[index], counts[index]);
            maskSeconds.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            server.AddMaskedInput(input);
            addSeconds += clock.Elapsed.TotalSeconds;
        }
        clock.Restart();
        var request = server.EndMaskedInput();
        foreach (var id in request.Survivors) server.AddUnmaskResponse(harness.Clients[id].Unmask(request));
        var result = server.Finish();
        var unmaskSeconds = clock.Elapsed.TotalSeconds;
        var plainSeconds = PlainMeanSeconds(updates, counts, 15 - 11);

        // Then
        var survivors = Enumerable.Range(0, sites).Where(i => i != 4).ToArray();
        SecAggRoundTests.AssertSum(result, updates, counts, survivors, Options);
        output.WriteLine($"{length:N0} parameters, 8 sites, k = 4, t = 3, one site dropped after sharing keys");
        output.WriteLine($"  key advertisement + sharing, all sites: {keysSeconds:F3} s");
        output.WriteLine($"  masking per site (quantise + 5 masks): mean {maskSeconds.Average():F3} s, " +
            $"max {maskSeconds.Max():F3} s");
        output.WriteLine($"  server: summing 7 masked inputs {addSeconds:F3} s; unmasking (7 self masks, " +
            $"1 dropped site's 4 pair masks, decode) {unmaskSeconds:F3} s");
        output.WriteLine($"  plain weighted mean of 7 updates (WeightedMeanAccumulator): {plainSeconds:F3} s");
        output.WriteLine($"  error bound on the weighted sum: {result.ErrorBound:G3} " +
            $"(Δ = {server.Setup.QuantizationStep:G3})");
    }

    private static double PlainMeanSeconds(float[][] updates, long[] counts, int skip)
    {
        var clock = Stopwatch.StartNew();
        var template = new ModelWeights([new NamedArray("w", [updates[0].Length], updates[0])]);
        var accumulator = new WeightedMeanAccumulator(template);
        for (var i = 0; i < updates.Length; i++)
        {
            if (i == skip) continue;
            accumulator.Add(new ModelWeights([new NamedArray("w", [updates[i].Length], updates[i])]), counts[i]);
        }
        accumulator.Result();
        return clock.Elapsed.TotalSeconds;
    }
}
