using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// One site's side of one SecAgg+ round, as a state machine: each step consumes the server's message and
/// returns the site's reply. Steps must come in order (advertise keys, share keys, masked input, unmask)
/// and each at most once; a site that stops answering simply drops out.
/// </summary>
/// <remarks>
/// Keys and seeds are fresh per round and live only in this object; dispose it when the round ends.
/// Not thread-safe.
/// </remarks>
public sealed class SecAggClient : IDisposable
{
    private const int SeedLength = 32;
    private readonly int _siteId;
    private readonly SecAggSetup _setup;
    private readonly ISiteSignatureKey _signingKey;
    private readonly IReadOnlyDictionary<int, ISiteSignatureKey> _peerKeys;
    private readonly IRandomBytes _random;
    private readonly NeighbourGraph _graph;
    private readonly ECDiffieHellman _encryptionKey;
    private readonly ECDiffieHellman _maskKey;
    private readonly byte[] _selfSeed = new byte[SeedLength];
    private readonly Dictionary<int, KeyAdvertisement> _neighbourKeys = [];
    private readonly Dictionary<int, byte[]> _shareAgreements = [];
    private readonly Dictionary<int, byte[]> _pairMaskKeys = [];
    private readonly Dictionary<int, (byte[] SelfMask, byte[] MaskKey)> _heldShares = [];
    private byte[] _ownSelfMaskShare = [];
    private Stage _stage = Stage.Created;

    /// <param name="siteId">This site's id, one of the setup's participants.</param>
    /// <param name="setup">The round's settings; checked here.</param>
    /// <param name="signingKey">This site's long-term signing key.</param>
    /// <param name="peerKeys">Other sites' public signing keys, from a trusted source (their certificates).</param>
    /// <param name="random">Randomness; the operating system's unless a simulation injects a seeded one.</param>
    public SecAggClient(int siteId, SecAggSetup setup, ISiteSignatureKey signingKey,
        IReadOnlyDictionary<int, ISiteSignatureKey> peerKeys, IRandomBytes? random = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        if (!setup.Participants.Contains(siteId)) throw new SecAggException($"Site {siteId} is not in this round.");
        _siteId = siteId;
        _setup = setup;
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _peerKeys = peerKeys ?? throw new ArgumentNullException(nameof(peerKeys));
        _random = random ?? SystemRandomBytes.Instance;
        _graph = new NeighbourGraph(setup.Participants, setup.NeighbourCount, setup.GraphSeed);
        Neighbours = _graph.NeighboursOf(siteId);
        _encryptionKey = EcKeys.Generate(_random);
        _maskKey = EcKeys.Generate(_random);
    }

    private enum Stage { Created, Advertised, Shared, Masked, Done }

    /// <summary>The sites this one masks with and shares its secrets among.</summary>
    public IReadOnlyList<int> Neighbours { get; }

    /// <summary>Step 1: the site's two round public keys, signed with its long-term key.</summary>
    public KeyAdvertisement AdvertiseKeys()
    {
        Advance(Stage.Created, Stage.Advertised);
        var encryption = EcKeys.PublicPoint(_encryptionKey);
        var mask = EcKeys.PublicPoint(_maskKey);
        var signature = _signingKey.Sign(KeyDerivation.KeyTranscript(_setup.RoundId, _siteId, encryption, mask));
        return new KeyAdvertisement(_siteId, encryption, mask, signature);
    }

    /// <summary>
    /// Step 2: checks each neighbour's signed keys, then Shamir-shares a fresh self-mask seed and the mask
    /// private key among the neighbours that advertised, each share encrypted to its recipient.
    /// </summary>
    /// <exception cref="SecAggException">A neighbour's keys fail verification, or fewer than t advertised.</exception>
    public ShareKeysMessage ShareKeys(IReadOnlyList<KeyAdvertisement> advertisements)
    {
        ArgumentNullException.ThrowIfNull(advertisements);
        Advance(Stage.Advertised, Stage.Shared);
        foreach (var neighbour in Neighbours)
        {
            var ad = advertisements.FirstOrDefault(a => a.SiteId == neighbour);
            if (ad is null) continue;
            VerifyAdvertisement(ad);
            _neighbourKeys[neighbour] = ad;
        }
        if (_neighbourKeys.Count + 1 < _setup.Threshold)
            throw new SecAggException($"Only {_neighbourKeys.Count} of site {_siteId}'s {Neighbours.Count} " +
                $"neighbours advertised keys; {_setup.Threshold - 1} are needed to share its secrets.");
        _random.Fill(_selfSeed);
        var recipients = _neighbourKeys.Keys.Order().ToArray();
        // The site keeps one share of its own self-mask seed (as in Flower's SecAgg+), so while it is alive
        // one fewer neighbour must answer; it never reveals its own mask-key share.
        int[] xs = [.. recipients.Select(ShareX), ShareX(_siteId)];
        var seedShares = Shamir.Split(ToField(_selfSeed), _setup.Threshold, xs, _random);
        var keyShares = Shamir.Split(ToField(EcKeys.PrivateScalar(_maskKey)), _setup.Threshold, xs, _random);
        _ownSelfMaskShare = Shamir.Encode(seedShares[^1]);
        var ciphertexts = new byte[recipients.Length * ShareCipher.CiphertextLength];
        for (var i = 0; i < recipients.Length; i++)
        {
            // Both key agreements per neighbour happen here, once, so the masking step is symmetric work only
            var ad = _neighbourKeys[recipients[i]];
            var agreement = _shareAgreements[ad.SiteId] = EcKeys.Agree(_encryptionKey, ad.EncryptionKey);
            _pairMaskKeys[ad.SiteId] = KeyDerivation.PairMaskKey(
                EcKeys.Agree(_maskKey, ad.MaskKey), _setup.RoundId, _siteId, ad.SiteId);
            ShareCipher.Encrypt(agreement, _setup.RoundId, _siteId, recipients[i], Shamir.Encode(seedShares[i]),
                Shamir.Encode(keyShares[i]), _random,
                ciphertexts.AsSpan(i * ShareCipher.CiphertextLength, ShareCipher.CiphertextLength));
        }
        return new ShareKeysMessage(_siteId, recipients, ciphertexts);
    }

    /// <summary>
    /// Step 3: keeps the neighbours' shares, then uploads the quantised update times the weight
    /// min(<paramref name="sampleCount"/>, MaxWeight), with the weight itself first and the round's whole
    /// <paramref name="counts"/> (if any) last, all masked.
    /// </summary>
    /// <param name="delivery">The neighbours' encrypted shares for this site.</param>
    /// <param name="update">The round's change, VectorLength values inside the clipping range.</param>
    /// <param name="sampleCount">The site's weight before the MaxWeight cap.</param>
    /// <param name="counts">Whole counts summed after the update (CountLength of them).</param>
    /// <param name="into">
    /// Where to write the masked values when it has the right length (the caller's buffer from an earlier round, whose input was
    /// sent); otherwise a new array.
    /// </param>
    public MaskedInput MaskInput(SharesDelivery delivery, ReadOnlyMemory<float> update, long sampleCount, ReadOnlyMemory<uint> counts = default,
        uint[]? into = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (update.Length != _setup.VectorLength)
            throw new ArgumentException($"The update has {update.Length} values; the round expects " +
                $"{_setup.VectorLength}.", nameof(update));
        if (counts.Length != _setup.CountLength)
            throw new ArgumentException($"{counts.Length} counts came with the update; the round expects {_setup.CountLength}.", nameof(counts));
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        Advance(Stage.Shared, Stage.Masked);
        ReceiveShares(delivery);
        var weight = (uint)Math.Min(sampleCount, _setup.MaxWeight);
        var length = update.Length + 1 + counts.Length;
        var values = into?.Length == length ? into : GC.AllocateUninitializedArray<uint>(length);
        values[0] = weight;
        QuantizeInto(update, weight, values);
        counts.Span.CopyTo(values.AsSpan(1 + update.Length));
        MaskExpander.Apply([(KeyDerivation.SelfMaskKey(_selfSeed, _setup.RoundId, _siteId), +1),
            .. _heldShares.Keys.Select(n => (_pairMaskKeys[n], _siteId < n ? +1 : -1))], values);
        return new MaskedInput(_siteId, values);
    }

    /// <summary>Step 3 for a model given as named arrays, flattened in array order.</summary>
    public MaskedInput MaskInput(SharesDelivery delivery, Core.Weights.ModelWeights update, long sampleCount) =>
        MaskInput(delivery, SecAggVectors.Flatten(update), sampleCount);

    /// <summary>
    /// Step 4: reveals shares of surviving neighbours' self-mask seeds and of dropped neighbours' mask keys.
    /// </summary>
    /// <exception cref="SecAggRefusedException">
    /// The request names a site as both survivor and dropped, names this site as dropped, repeats, or would
    /// let the server learn less than a sum over at least t connected sites.
    /// </exception>
    public UnmaskResponse Unmask(UnmaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_stage == Stage.Done) throw new SecAggRefusedException("This site has already answered an unmask request.");
        if (_stage != Stage.Masked) throw new SecAggException($"Unmask came before this site uploaded its input.");
        _stage = Stage.Done;
        CheckUnmaskRequest(request);
        var alive = request.Survivors.Where(_heldShares.ContainsKey).Order().ToArray();
        var dropped = request.Dropped.Where(_heldShares.ContainsKey).Order().ToArray();
        var response = new UnmaskResponse(_siteId,
            [_siteId, .. alive], [.. _ownSelfMaskShare, .. alive.SelectMany(s => _heldShares[s].SelfMask)],
            dropped, [.. dropped.SelectMany(s => _heldShares[s].MaskKey)]);
        Dispose();
        return response;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_selfSeed);
        foreach (var key in _pairMaskKeys.Values.Concat(_shareAgreements.Values))
            CryptographicOperations.ZeroMemory(key);
        _encryptionKey.Dispose();
        _maskKey.Dispose();
    }

    private void CheckUnmaskRequest(UnmaskRequest request)
    {
        var survivors = request.Survivors.ToHashSet();
        var both = request.Dropped.Where(survivors.Contains).ToArray();
        if (both.Length > 0)
            throw new SecAggRefusedException($"Refused: the server asked for both the self-mask and the mask-key " +
                $"shares of site(s) {string.Join(", ", both)}, which would reveal their inputs.");
        if (!survivors.Contains(_siteId) || request.Dropped.Contains(_siteId))
            throw new SecAggRefusedException($"Refused: the request does not list site {_siteId} as a survivor.");
        if (survivors.Count != request.Survivors.Length || request.Dropped.Distinct().Count() != request.Dropped.Length
            || request.Survivors.Concat(request.Dropped)
            .Any(s => !_setup.Participants.Contains(s)))
            throw new SecAggRefusedException("Refused: the request repeats a site or names one outside the round.");
        var least = Math.Max(_setup.Threshold, _setup.MinSurvivors);
        if (survivors.Count < least)
            throw new SecAggRefusedException($"Refused: only {survivors.Count} sites survive; the sum of fewer " +
                $"than {least} inputs must not be revealed.");
        if (!_graph.IsConnected(survivors))
            throw new SecAggRefusedException("Refused: the survivors are split into groups with no masks between " +
                "them, so unmasking would reveal each group's sum.");
    }

    private void ReceiveShares(SharesDelivery delivery)
    {
        if (delivery.RecipientId != _siteId) throw new SecAggException($"Shares for site {delivery.RecipientId} " +
            $"were delivered to site {_siteId}.");
        if (delivery.Ciphertexts.Length != delivery.Senders.Length * ShareCipher.CiphertextLength)
            throw new SecAggException("The share delivery has the wrong length.");
        // As in Bell et al.: masking with fewer than t − 1 neighbours would let a server that held back the others'
        // shares rebuild this site's self-mask from the few it delivered and see its input.
        if (delivery.Senders.Length + 1 < _setup.Threshold)
            throw new SecAggRefusedException($"Refused: shares arrived from only {delivery.Senders.Length} neighbour(s) of site {_siteId}; " +
                $"at least {_setup.Threshold - 1} are needed to mask safely.");
        for (var i = 0; i < delivery.Senders.Length; i++)
        {
            var sender = delivery.Senders[i];
            if (!_shareAgreements.TryGetValue(sender, out var agreement) || _heldShares.ContainsKey(sender))
                throw new SecAggException($"Shares from site {sender} were not expected by site {_siteId}.");
            _heldShares[sender] = ShareCipher.Decrypt(agreement, _setup.RoundId, sender, _siteId,
                delivery.Ciphertexts.AsSpan(i * ShareCipher.CiphertextLength, ShareCipher.CiphertextLength));
        }
    }

    /// <summary>Writes w·q(update) into <paramref name="values"/>[1..].</summary>
    private void QuantizeInto(ReadOnlyMemory<float> update, uint weight, uint[] values)
    {
        // Rounding noise is an AES-CTR stream under a fresh random key, cut into pieces quantised in parallel;
        // piece i always reads the same stream words, so a seeded run stays reproducible.
        var key = new byte[AesCtr.KeyLength];
        _random.Fill(key);
        var (clip, levels) = (_setup.ClippingRange, _setup.QuantizationLevels);
        var pieces = (update.Length + MaskExpander.PieceWords - 1) / MaskExpander.PieceWords;
        Parallel.For(0, pieces, piece =>
        {
            var offset = piece * MaskExpander.PieceWords;
            var n = Math.Min(MaskExpander.PieceWords, update.Length - offset);
            using var rounding = new AesCtr(key, (ulong)offset / 4);
            var bytes = ArrayPool<byte>.Shared.Rent(n * sizeof(uint));
            try
            {
                rounding.Generate(bytes, 0, n * sizeof(uint));
                var words = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(0, n * sizeof(uint)));
                Quantizer.Quantize(update.Span.Slice(offset, n), clip, levels, weight, words, values.AsSpan(1 + offset, n));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
            }
        });
    }

    private void VerifyAdvertisement(KeyAdvertisement ad)
    {
        if (!_peerKeys.TryGetValue(ad.SiteId, out var key))
            throw new SecAggException($"Site {_siteId} has no signing key for its neighbour, site {ad.SiteId}.");
        var transcript = KeyDerivation.KeyTranscript(_setup.RoundId, ad.SiteId, ad.EncryptionKey, ad.MaskKey);
        if (!key.Verify(transcript, ad.Signature))
            throw new SecAggException($"The round keys of site {ad.SiteId} fail signature verification: they " +
                "were substituted or altered. The round is abandoned.");
    }

    private int ShareX(int site) => Array.IndexOf(_setup.Participants, site) + 1;

    private static BigInteger ToField(byte[] secret) => new(secret, isUnsigned: true, isBigEndian: true);

    private void Advance(Stage expected, Stage next)
    {
        if (_stage != expected)
            throw new SecAggException($"Secure-aggregation step out of order: site {_siteId} is at {_stage}.");
        _stage = next;
    }
}
