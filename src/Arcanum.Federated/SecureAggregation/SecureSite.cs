using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A site's side of secure aggregation across a job: its long-term signing key, how it finds the
/// other sites' public keys (from their certificates on a network, never from the server's word),
/// and the current round's <see cref="SecAggClient"/>. The update it masks is the difference to the
/// round's global weights, which stays well inside the clipping range where full weights might not.
/// </summary>
public sealed class SecureSite(string site, ISiteSignatureKey signingKey, Func<string, ISiteSignatureKey> peerKey, IRandomBytes? random = null)
{
    private SecAggClient? _client;
    private string? _roundId;

    /// <summary>Answers a key step (advertise, share, unmask).</summary>
    public SecureReply Handle(SecureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Stage)
        {
            case SecureStage.AdvertiseKeys:
                _client?.Dispose();
                var id = IdOf(request);
                var peers = request.Participants.Select((name, i) => (name, i)).Where(p => p.i != id)
                    .ToDictionary(p => p.i, p => peerKey(p.name));
                _client = new SecAggClient(id, request.Setup, signingKey, peers, random);
                _roundId = request.Setup.RoundId;
                return new SecureReply(Advertisement: _client.AdvertiseKeys());
            case SecureStage.ShareKeys:
                return new SecureReply(Shares: Current(request).ShareKeys(request.Advertisements ?? []));
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
    /// count. Refuses (rather than clips silently) an update outside the round's clipping range.
    /// </summary>
    public SecureReply Mask(SecureRequest request, ModelWeights global, RoundResult trained)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trained);
        if (request.Stage != SecureStage.MaskedInput) throw new SecAggException($"Expected the masked-input step, got {request.Stage}.");
        var delta = SecAggVectors.Flatten(trained.Weights);
        var start = SecAggVectors.Flatten(global);
        var largest = 0f;
        for (var i = 0; i < delta.Length; i++)
        {
            delta[i] -= start[i];
            largest = Math.Max(largest, Math.Abs(delta[i]));
        }
        if (!(largest <= request.Setup.ClippingRange))
            throw new SecAggException($"Site '{site}''s update changes a weight by {largest:G3}, outside secure aggregation's clipping range " +
                $"±{request.Setup.ClippingRange:G3}; lower the learning rate or the local epochs.");
        if (trained.SampleCount > request.Setup.MaxWeight)
            throw new SecAggException($"Site '{site}' trained on {trained.SampleCount} rows, more than the round's weight limit {request.Setup.MaxWeight}.");
        var delivery = request.Delivery ?? throw new SecAggException("The masked-input step carries no shares.");
        return new SecureReply(Masked: Current(request).MaskInput(delivery, delta, trained.SampleCount));
    }

    private SecAggClient Current(SecureRequest request)
    {
        if (_client is null || _roundId != request.Setup.RoundId)
            throw new SecAggException($"Site '{site}' has no keys for round '{request.Setup.RoundId}' (it may have restarted); it sits this round out.");
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
