using Arcanum.Core.Privacy;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Privacy;

/// <summary>
/// One round of DP-FedAvg (McMahan et al. 2018) at the server: each site's change w_k − x is clipped to
/// the clip norm C and summed with equal weight; the sum gets Gaussian noise N(0, (σC)²) and is divided
/// by the number of sites asked (a fixed denominator, so one site moves the mean by at most C/m whether
/// or not others drop out). The noise comes from the operating system's CSPRNG (<see cref="CryptoRandom"/>): noise
/// anyone could regenerate could be subtracted. With adaptive clipping (Andrew et al. 2021) the round also releases a
/// noised count of the sites that were not clipped, and the clip norm of the next round follows it.
/// </summary>
/// <param name="options">The job's client-level DP settings.</param>
/// <param name="global">The round's global weights; sites' changes are taken from them.</param>
/// <param name="clipNorm">This round's clip norm: the options' own, or where adaptive clipping has taken it.</param>
internal sealed class ClientDpRound(ClientDpOptions options, ModelWeights global, double clipNorm)
{
    private readonly Lock _gate = new();
    private readonly List<string> _sites = [];
    private ModelWeights? _sum;
    private long _samples;

    /// <summary>Sites whose change was longer than the clip norm.</summary>
    public int Clipped { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate) return _sites.Count;
        }
    }

    public void Add(RoundResult result)
    {
        var change = WeightMath.Subtract(result.Weights, global);
        var clip = ClientDp.Clip(change, clipNorm);
        lock (_gate)
        {
            if (_sites.Contains(result.Site)) throw new InvalidOperationException($"Site '{result.Site}' already reported in this round.");
            _sum ??= global.ZerosLike();
            WeightMath.AddScaled(_sum, change, 1f);
            _samples += result.SampleCount;
            _sites.Add(result.Site);
            if (clip.Clipped) Clipped++;
        }
    }

    /// <summary>
    /// Adds the noise, divides by <paramref name="asked"/> and hands the mean change to the algorithm; returns
    /// the next round's clip norm (this one's, unless clipping is adaptive).
    /// </summary>
    public double Complete(IRoundAggregation aggregation, int asked)
    {
        lock (_gate)
        {
            var sum = _sum ?? throw new InvalidOperationException("No site reported; there is nothing to noise.");
            var random = new CryptoRandom();
            // Adaptive: the count release takes part of the budget, so the update gets the rest (σ_Δ ≥ σ);
            // together they are worth the σ the accountant records.
            var sigma = options.AdaptiveClipping
                ? ClientDp.UpdateNoiseMultiplier(options.NoiseMultiplier, options.ClippedCountStddev!.Value)
                : options.NoiseMultiplier;
            // σ = 0 only with allow_infinite_epsilon (clipping only): no noise, and the ledger records ε = ∞.
            if (sigma > 0) ClientDp.AddCentralNoise(sum, sigma, clipNorm, random);
            WeightMath.Scale(sum, 1f / asked);
            aggregation.AddMeanDifference(sum, _samples, _sites);
            if (!options.AdaptiveClipping) return clipNorm;
            var unclipped = ClientDp.NoisyUnclippedFraction(_sites.Count - Clipped, _sites.Count, asked, options.ClippedCountStddev!.Value, random);
            return ClientDp.NextClipNorm(clipNorm, unclipped, options.TargetUnclippedQuantile, options.ClipLearningRate);
        }
    }
}
