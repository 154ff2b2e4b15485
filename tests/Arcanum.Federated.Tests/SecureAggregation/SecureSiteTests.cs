using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>A site's masking step on a model of several arrays: what it masks, and what it refuses to mask.</summary>
public sealed class SecureSiteTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    private static readonly ModelWeights Global = new([new NamedArray("w", [2, 2], [1f, 2f, 3f, 4f]), new NamedArray("b", [2], [0.5f, -0.5f])]);

    /// <summary>Three sites taken through keys and shares; returns them, the server and the masked-input requests.</summary>
    private static (SecureSite[] Sites, SecAggServer Server, SecureRequest[] Requests) ReadyToMask() => ReadyToMask(NewSites(), 1);

    private static SecureSite[] NewSites()
    {
        var keys = Names.ToDictionary(n => n, _ => AsymmetricSignatureKey.CreateEphemeral());
        return [.. Names.Select(n => new SecureSite(n, keys[n], (peer, _) => keys[peer].PublicOnly()))];
    }

    private static (SecureSite[] Sites, SecAggServer Server, SecureRequest[] Requests) ReadyToMask(SecureSite[] sites, int round)
    {
        var server = new SecAggServer($"job/{round}/z", [0, 1, 2], (int)Global.ParameterCount, new SecAggOptions { MaxWeight = 100, ClippingRange = 1.0 });
        foreach (var s in sites) server.AddAdvertisement(s.Handle(new SecureRequest(SecureStage.AdvertiseKeys, server.Setup, Names)).Advertisement!);
        var advertised = server.EndAdvertiseKeys();
        foreach (var s in sites) server.AddShares(s.Handle(new SecureRequest(SecureStage.ShareKeys, server.Setup, Names, advertised)).Shares!);
        var deliveries = server.EndShareKeys();
        return (sites, server, [.. Enumerable.Range(0, 3).Select(i => new SecureRequest(SecureStage.MaskedInput, server.Setup, Names, Delivery: deliveries[i]))]);
    }

    /// <summary>The global weights plus <paramref name="change"/>, which lists the changes of all arrays in their order.</summary>
    private static RoundResult Trained(string site, float[] change)
    {
        var offset = 0;
        var arrays = new List<NamedArray>();
        foreach (var a in Global.Arrays)
        {
            var start = offset;
            arrays.Add(new NamedArray(a.Name, a.Shape, [.. a.Data.Select((g, j) => g + change[start + j])]));
            offset += a.Length;
        }
        return new RoundResult(site, 10, new ModelWeights(arrays), null, 1);
    }

    [Fact]
    public void Mask_ChangesOfEveryArray_SumToTheWeightedMeanInArrayOrder()
    {
        // Given three sites whose changes differ in every array
        var (sites, server, requests) = ReadyToMask();
        float[][] changes = [[0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f], [-0.1f, 0.2f, 0.0f, 0.4f, -0.5f, 0.1f], [0.3f, 0.3f, -0.3f, 0.2f, 0f, 0.2f]];

        // When each masks its change and the server unmasks the sum
        for (var i = 0; i < 3; i++) server.AddMaskedInput(sites[i].Mask(requests[i], Global, Trained(Names[i], changes[i])).Masked!);
        var unmask = server.EndMaskedInput();
        foreach (var s in sites) server.AddUnmaskResponse(s.Handle(new SecureRequest(SecureStage.Unmask, server.Setup, Names, Unmask: unmask)).Unmask!);
        var mean = server.Finish().WeightedMean();

        // Then the mean covers both arrays, in their order (all weights equal here), within one quantisation step of
        // the mean of the changes as the sites hold them (global + change - global in float, e.g. 4 - 0.4 - 4 = -0.40000010)
        var held = Enumerable.Range(0, 3).Select(i => Trained(Names[i], changes[i]).Weights.Arrays.SelectMany(a => a.Data)
            .Zip(Global.Arrays.SelectMany(a => a.Data), (t, g) => (double)(t - g)).ToArray()).ToArray();
        for (var j = 0; j < 6; j++)
        {
            var expected = held.Average(c => c[j]);
            Assert.InRange(mean[j], expected - server.Setup.QuantizationStep - 1e-8, expected + server.Setup.QuantizationStep + 1e-8);
        }
    }

    [Fact]
    public void Mask_ASecondRound_WritesTheSameBuffersAndItsOwnSum()
    {
        // Given three sites that mask one round, and whose second round changes differ from the first
        var sites = NewSites();
        (float[] Mean, uint[] FirstSiteValues) Round(int round, float scale)
        {
            var (_, server, requests) = ReadyToMask(sites, round);
            var masked = Enumerable.Range(0, 3).Select(i => (MaskedInput)sites[i].Mask(requests[i], Global, Trained(Names[i], [.. Enumerable.Repeat(scale * (i + 1), 6)])).Masked!).ToArray();
            foreach (var m in masked) server.AddMaskedInput(m);
            var unmask = server.EndMaskedInput();
            foreach (var site in sites) server.AddUnmaskResponse(site.Handle(new SecureRequest(SecureStage.Unmask, server.Setup, Names, Unmask: unmask)).Unmask!);
            return (server.Finish().WeightedMean(), masked[0].Values);
        }
        var (first, firstBuffer) = Round(1, 0.01f);

        // When they mask the next round
        var (second, secondBuffer) = Round(2, -0.02f);

        // Then each round's mean is its own (0.02, then -0.04), and the site wrote its masked values where it wrote them before
        Assert.All(first, v => Assert.Equal(0.02, v, 1e-5));
        Assert.All(second, v => Assert.Equal(-0.04, v, 1e-5));
        Assert.Same(firstBuffer, secondBuffer);
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-1.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Mask_AChangeOutsideTheClippingRange_IsRefusedNotClipped(float bad)
    {
        // Given a site whose change to one weight of the second array is outside ±1 (or not a number)
        var (sites, _, requests) = ReadyToMask();
        float[] change = [0.1f, 0.1f, 0.1f, 0.1f, 0.1f, bad];

        // When it is asked to mask it
        var error = Assert.Throws<SecAggException>(() => sites[0].Mask(requests[0], Global, Trained("a", change)));

        // Then it refuses, saying what to change
        Assert.Contains("outside secure aggregation's clipping range", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower the learning rate", error.Message, StringComparison.Ordinal);
    }
}
