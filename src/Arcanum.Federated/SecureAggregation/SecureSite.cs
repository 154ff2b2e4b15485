using System.Numerics.Tensors;
using Arcanum.Core.Privacy;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A site's side of secure aggregation across a job: its long-term signing key, how it finds the
/// other sites' public keys (from their certificates on a network, never from the server's word),
/// and the current round's <see cref="SecAggClient"/>. The update it masks is the difference to the
/// round's global weights, which stays well inside the clipping range where full weights might not.
/// </summary>
/// <param name="site">This site's name, as the round's participant list spells it.</param>
/// <param name="signingKey">This site's long-term signing key (its certificate's private key on a network).</param>
/// <param name="peerKey">
/// A neighbour's public signing key, given its name and the certificate its advertisement came with (null in
/// simulation); it must throw <see cref="SecAggException"/> when the certificate is not that site's.
/// </param>
/// <param name="random">Randomness; the operating system's unless a simulation injects a seeded one.</param>
/// <param name="certificate">This site's certificate (DER), sent with its round keys on a network.</param>
/// <param name="clientDp">
/// The job's client-level DP (fixed clipping), or null: with it the site clips its own change and adds its share of
/// the Gaussian noise before masking, so the sum the server unmasks already carries the calibrated noise.
/// </param>
public sealed class SecureSite(string site, ISiteSignatureKey signingKey, Func<string, byte[]?, ISiteSignatureKey> peerKey, IRandomBytes? random = null,
    byte[]? certificate = null, ClientDpOptions? clientDp = null)
{
    private SecAggClient? _client;
    private SecureRequest? _round;
    private Dictionary<int, ISiteSignatureKey> _peers = [];
    // A round's change and masked values, model-sized, kept for the next round's (rounds of a job follow each other at a site).
    private float[]? _delta;
    private uint[]? _masked;

    /// <summary>Whether this site adds DP noise to what it masks: its training loss, which carries none, then stays at the site.</summary>
    public bool AddsNoise => clientDp is not null;

    /// <summary>Answers a key step (advertise, share, unmask).</summary>
    public SecureReply Handle(SecureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Stage)
        {
            case SecureStage.AdvertiseKeys:
                _client?.Dispose();
                var id = IdOf(request);
                // The neighbours' keys are learnt at the next step, from the certificates their advertisements carry.
                _peers = [];
                _client = new SecAggClient(id, request.Setup, signingKey, _peers, random);
                _round = request;
                return new SecureReply(Advertisement: _client.AdvertiseKeys() with { Certificate = certificate });
            case SecureStage.ShareKeys:
            {
                var client = Current(request);
                var advertisements = request.Advertisements ?? [];
                foreach (var ad in advertisements.Where(a => client.Neighbours.Contains(a.SiteId)))
                    _peers[ad.SiteId] = peerKey(request.Participants[ad.SiteId], ad.Certificate);
                return new SecureReply(Shares: client.ShareKeys(advertisements));
            }
            case SecureStage.Unmask:
                var reply = Current(request).Unmask(request.Unmask ?? throw new SecAggException("The unmask step carries no request."));
                _client!.Dispose();
                _client = null;
                return new SecureReply(Unmask: reply);
            default:
                throw new SecAggException($"Step {request.Stage} needs a trained update; use {nameof(Mask)}.");
        }
    }

    /// <summary>
    /// Masks what training produced: the change from <paramref name="global"/>, weighted by the sample
    /// count. Refuses (rather than clips silently) an update outside the round's clipping range. Under
    /// client-level DP the change is first clipped to the clip norm and given this site's share of the
    /// noise, N(0, σ²C²/m) for the m sites asked, and weighs 1 (DP-FedAvg weighs sites equally).
    /// </summary>
    /// <param name="request">The masked-input step.</param>
    /// <param name="global">The round's global weights.</param>
    /// <param name="trained">What training produced.</param>
    /// <param name="counts">Whole counts to add to the secure sum (the round's <see cref="SecAggSetup.CountLength"/>).</param>
    /// <returns>The masked input, in a buffer this site writes again at its next round's mask: send it before then.</returns>
    public SecureReply Mask(SecureRequest request, ModelWeights global, RoundResult trained, uint[]? counts = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trained);
        if (request.Stage != SecureStage.MaskedInput) throw new SecAggException($"Expected the masked-input step, got {request.Stage}.");
        var client = Current(request);
        var weight = trained.SampleCount;
        float[] delta;
        if (clientDp is not null)
        {
            delta = NoisyClippedChange(request, WeightMath.Subtract(trained.Weights, global));
            weight = 1;
        }
        else delta = _delta = SecAggVectors.FlatDifference(trained.Weights, global, _delta);
        // NaN when any change is: refused below like one out of range.
        var largest = delta.Length == 0 ? 0f : Math.Abs(TensorPrimitives.MaxMagnitude(delta));
        if (!(largest <= request.Setup.ClippingRange))
            throw new SecAggException($"Site '{site}''s update changes a weight by {largest:G3}, outside secure aggregation's clipping range " +
                $"±{request.Setup.ClippingRange:G3}; lower the learning rate or the local epochs.");
        if (weight > request.Setup.MaxWeight)
            throw new SecAggException($"Site '{site}' trained on {weight} rows, more than the round's weight limit {request.Setup.MaxWeight}.");
        var delivery = request.Delivery ?? throw new SecAggException("The masked-input step carries no shares.");
        var masked = client.MaskInput(delivery, delta, weight, counts ?? [], _masked);
        _masked = masked.Values;
        return new SecureReply(Masked: masked);
    }

    /// <summary>
    /// Client-level DP's part at this site: the change clipped to the clip norm C with its share of the noise, N(0, (σC)²/m) for the m
    /// participants checked at the first step (never what a later message claims: a longer list would shrink the noise). With
    /// adaptive clipping C comes with the step, the update's noise is σ_Δ (Andrew et al.'s split of the budget), and one more value
    /// follows the update: (b − ½) + N(0, σ_b²/m), b = 1 when the change was not clipped, whose sum the server turns into the next C.
    /// </summary>
    private float[] NoisyClippedChange(SecureRequest request, ModelWeights change)
    {
        var dp = clientDp!;
        var m = _round!.Participants.Count;
        var clip = dp.AdaptiveClipping
            ? request.ClipNorm is { } c && c > 0 && double.IsFinite(c) ? c : throw new SecAggException("The adaptive-clipping round carries no valid clip norm.")
            : dp.ClipNorm;
        var clipped = ClientDp.Clip(change, clip).Clipped;
        var random = new CryptoRandom();
        var sigma = dp.AdaptiveClipping ? ClientDp.UpdateNoiseMultiplier(dp.NoiseMultiplier, dp.ClippedCountStddev!.Value) : dp.NoiseMultiplier;
        if (dp.NoiseMultiplier > 0) ClientDp.AddDistributedNoiseShare(change, sigma, clip, m, random);
        var flat = SecAggVectors.Flatten(change);
        if (!dp.AdaptiveClipping) return flat;
        var bit = (clipped ? 0 : 1) - 0.5 + dp.ClippedCountStddev!.Value / Math.Sqrt(m) * Data.Partitioning.Gamma.Normal(random);
        return [.. flat, (float)bit];
    }

    /// <summary>Masks only whole counts (an evaluation-only round: no update, weight 1).</summary>
    public SecureReply MaskCounts(SecureRequest request, uint[] counts)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Stage != SecureStage.MaskedInput) throw new SecAggException($"Expected the masked-input step, got {request.Stage}.");
        if (request.Setup.VectorLength != 0) throw new SecAggException("An evaluation-only secure step must carry no update.");
        var delivery = request.Delivery ?? throw new SecAggException("The masked-input step carries no shares.");
        return new SecureReply(Masked: Current(request).MaskInput(delivery, ReadOnlyMemory<float>.Empty, 1, counts));
    }

    private SecAggClient Current(SecureRequest request)
    {
        if (_client is null || _round is null || _round.Setup.RoundId != request.Setup.RoundId)
            throw new SecAggException($"Site '{site}' has no keys for round '{request.Setup.RoundId}' (it may have restarted); it sits this round out.");
        if (!_round.Setup.SameAs(request.Setup) || !_round.Participants.SequenceEqual(request.Participants))
            throw new SecAggRefusedException($"Refused: the round's settings or participants changed after site '{site}' checked them at its first step.");
        return _client;
    }

    private int IdOf(SecureRequest request)
    {
        var id = request.Participants.ToList().IndexOf(site);
        if (id < 0) throw new SecAggException($"Site '{site}' is not among the round's participants.");
        if (!request.Setup.Participants.SequenceEqual(Enumerable.Range(0, request.Participants.Count)))
            throw new SecAggException("The round's participant ids do not match its participant list.");
        return id;
    }
}
