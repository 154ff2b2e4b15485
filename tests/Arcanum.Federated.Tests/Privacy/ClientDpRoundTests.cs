using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class ClientDpRoundTests
{
    private static readonly ModelWeights Global = new([new NamedArray("w", [2], [0f, 0f])]);

    private static RoundResult Site(string name, float a, float b) => new(name, 10, new ModelWeights([new NamedArray("w", [2], [a, b])]), null, 1);

    [Fact]
    public void Complete_ClipsEachSiteAndDividesByTheSitesAsked_WithNoiseOfSigmaTimesClipOverAsked()
    {
        // Given clip norm 1: one site moved (3, 4) (norm 5, clipped to (0.6, 0.8)), one moved (0.3, 0) (kept)
        var options = new ClientDpOptions { NoiseMultiplier = 0.5, ClipNorm = 1 };
        var means = new List<float[]>();
        for (var trial = 0; trial < 2000; trial++)
        {
            var round = new ClientDpRound(options, Global, options.ClipNorm);
            round.Add(Site("a", 3, 4));
            round.Add(Site("b", 0.3f, 0));
            var aggregation = AlgorithmRegistry.CreateServer(new AlgorithmOptions()).BeginRound(1, Global, 4);

            // When the server completes the round with 4 sites asked (two dropped)
            round.Complete(aggregation, asked: 4);
            means.Add(aggregation.Complete().Arrays[0].Data);
            Assert.Equal(1, round.Clipped);
        }

        // Then the mean change is ((0.6 + 0.3) / 4, 0.8 / 4) on average, with noise sd σC/m = 0.125 per value
        var x = means.Select(m => (double)m[0]).ToList();
        var y = means.Select(m => (double)m[1]).ToList();
        Assert.InRange(x.Average(), 0.225 - 0.015, 0.225 + 0.015);   // 5 standard errors: the noise is drawn from a CSPRNG seed
        Assert.InRange(y.Average(), 0.2 - 0.015, 0.2 + 0.015);
        var sd = Math.Sqrt(x.Select(v => (v - x.Average()) * (v - x.Average())).Average());
        Assert.InRange(sd, 0.125 * 0.93, 0.125 * 1.07);
    }

    [Fact]
    public void Complete_AdaptiveClipping_ShrinksTheClipNormWhenEverySiteFitsAndGrowsItWhenNoneDoes()
    {
        // Given adaptive clipping aiming at the median (γ = 0.5), η = 0.2, a little count noise
        var options = new ClientDpOptions { NoiseMultiplier = 1, ClipNorm = 1, AdaptiveClipping = true, ClippedCountStddev = 0.6 };
        double Next(float step)
        {
            var round = new ClientDpRound(options, Global, 1.0);
            for (var i = 0; i < 20; i++) round.Add(Site($"s{i}", step, 0));
            return round.Complete(AlgorithmRegistry.CreateServer(new AlgorithmOptions()).BeginRound(1, Global, 20), asked: 20);
        }

        // When all 20 changes are short (0.1, unclipped), and when all are long (10, clipped)
        var shrunk = Next(0.1f);
        var grown = Next(10f);

        // Then C moves by about exp(∓0.2 · 0.5): down when every site fits, up when none does
        Assert.InRange(shrunk, Math.Exp(-0.2 * 0.5) - 0.035, Math.Exp(-0.2 * 0.5) + 0.035);   // the count noise moves C by about 0.6%
        Assert.InRange(grown, Math.Exp(0.2 * 0.5) - 0.035, Math.Exp(0.2 * 0.5) + 0.035);
    }

    [Fact]
    public void Add_SameSiteTwice_IsRefused()
    {
        var round = new ClientDpRound(new ClientDpOptions(), Global, 1.0);
        round.Add(Site("a", 0.1f, 0.1f));
        Assert.Throws<InvalidOperationException>(() => round.Add(Site("a", 0.1f, 0.1f)));
    }
}
