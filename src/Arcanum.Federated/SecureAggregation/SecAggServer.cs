namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// The server's side of one SecAgg+ round, as a state machine. For each step the engine passes in every
/// site message that arrived (Add…) and then closes the step (End…) when all have come or time is up;
/// sites that did not answer have dropped out. The server only ever holds masked vectors and encrypted
/// or partial shares, and ends with the weighted sum over the sites that uploaded.
/// </summary>
/// <remarks>Not thread-safe: the engine serialises calls. Masked inputs are summed as they arrive.</remarks>
public sealed partial class SecAggServer
{
    private readonly IRandomBytes _random;
    private readonly NeighbourGraph _graph;
    private readonly Dictionary<int, KeyAdvertisement> _advertised = [];
    private readonly Dictionary<int, ShareKeysMessage> _shared = [];
    private readonly HashSet<int> _uploaded = [];
    private readonly Dictionary<int, UnmaskResponse> _responses = [];
    private readonly int[] _vectorParts;
    /// <summary>
    /// The running sum of the masked inputs, mod 2^32, held as the words of float arrays (the weight's word, the vector's parts, the
    /// counts): <see cref="Finish"/> decodes the parts in place and hands them out. Made at the first input.
    /// </summary>
    private WordVector<float>? _sum;
    /// <summary>Whether <see cref="_sum"/> holds a whole input yet (until then the next input is copied in, not added).</summary>
    private bool _started;
    private Stage _stage = Stage.AdvertiseKeys;

    /// <param name="roundId">Unique per job and round.</param>
    /// <param name="participants">The sites invited to this round.</param>
    /// <param name="vectorLength">Floats in each update.</param>
    /// <param name="options">Graph, threshold and quantisation settings; checked here.</param>
    /// <param name="random">Randomness for the graph labelling; the operating system's unless injected.</param>
    /// <param name="countLength">Whole counts each site appends after its update (summed exactly, not quantised).</param>
    /// <param name="minimumSurvivors">The fewest masked inputs whose sum may be unmasked (the job's min_sites); the threshold when lower.</param>
    /// <param name="vectorParts">
    /// The lengths of the arrays the unmasked sum comes out in, adding up to <paramref name="vectorLength"/> (a model's arrays, so
    /// the sum becomes the new model without a copy); null for one array.
    /// </param>
    public SecAggServer(string roundId, IReadOnlyList<int> participants, int vectorLength, SecAggOptions options,
        IRandomBytes? random = null, int countLength = 0, int minimumSurvivors = 0, IReadOnlyList<int>? vectorParts = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(roundId);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(vectorLength);
        ArgumentOutOfRangeException.ThrowIfNegative(countLength);
        if (participants.Distinct().Count() != participants.Count)
            throw new ArgumentException("The participant list repeats a site.", nameof(participants));
        _vectorParts = vectorParts is null ? [vectorLength] : [.. vectorParts];
        if (_vectorParts.Any(n => n < 0) || _vectorParts.Sum(n => (long)n) != vectorLength)
            throw new ArgumentException($"The vector's parts ({string.Join(", ", _vectorParts)}) do not add up to its {vectorLength} values.", nameof(vectorParts));
        var (k, t, levels) = options.Resolve(participants.Count);
        _random = random ?? SystemRandomBytes.Instance;
        var seed = new byte[32];
        _random.Fill(seed);
        Setup = new SecAggSetup(roundId, [.. participants], k, t, seed, options.ClippingRange, levels,
            options.MaxWeight, vectorLength, countLength, Math.Min(Math.Max(minimumSurvivors, t), participants.Count));
        _graph = new NeighbourGraph(Setup.Participants, k, seed);
    }

    private enum Stage { AdvertiseKeys, ShareKeys, MaskedInput, Unmask, Done }

    /// <summary>Why the server abandoned the round for a fault of its own (see <see cref="SecAggAbandonedException"/>); null while it goes on.</summary>
    public string? Abandoned { get; private set; }

    /// <summary>Step 0: what every participant gets first.</summary>
    public SecAggSetup Setup { get; }

    /// <summary>Step 1: a site's signed round keys.</summary>
    public void AddAdvertisement(KeyAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        Expect(Stage.AdvertiseKeys);
        Require(Setup.Participants.Contains(advertisement.SiteId), $"Site {advertisement.SiteId} is not in the round.");
        Require(advertisement.EncryptionKey.Length == EcKeys.PointLength
            && advertisement.MaskKey.Length == EcKeys.PointLength, "An advertised key has the wrong length.");
        Require(_advertised.TryAdd(advertisement.SiteId, advertisement),
            $"Site {advertisement.SiteId} advertised keys twice.");
    }

    /// <summary>Closes step 1: the advertisements to send to every site that advertised.</summary>
    public IReadOnlyList<KeyAdvertisement> EndAdvertiseKeys()
    {
        Expect(Stage.AdvertiseKeys);
        EnsureEnough(_advertised.Count, "advertised keys");
        _stage = Stage.ShareKeys;
        return [.. _advertised.Values.OrderBy(a => a.SiteId)];
    }

    /// <summary>Step 2: a site's encrypted shares for its neighbours.</summary>
    public void AddShares(ShareKeysMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Expect(Stage.ShareKeys);
        Require(_advertised.ContainsKey(message.SiteId), $"Site {message.SiteId} sent shares without keys.");
        var expected = _graph.NeighboursOf(message.SiteId).Where(_advertised.ContainsKey).Order();
        Require(message.Recipients.SequenceEqual(expected),
            $"Site {message.SiteId} did not share with exactly its neighbours that advertised keys.");
        Require(message.Ciphertexts.Length == message.Recipients.Length * ShareCipher.CiphertextLength,
            $"The shares of site {message.SiteId} have the wrong length.");
        Require(_shared.TryAdd(message.SiteId, message), $"Site {message.SiteId} sent shares twice.");
    }

    /// <summary>Closes step 2: for each site that shared, the shares addressed to it.</summary>
    public IReadOnlyDictionary<int, SharesDelivery> EndShareKeys()
    {
        Expect(Stage.ShareKeys);
        EnsureEnough(_shared.Count, "shared their keys");
        _stage = Stage.MaskedInput;
        var deliveries = new Dictionary<int, SharesDelivery>();
        foreach (var recipient in _shared.Keys.Order())
        {
            var senders = new List<int>();
            var ciphertexts = new List<byte>();
            foreach (var sender in _graph.NeighboursOf(recipient).Where(_shared.ContainsKey))
            {
                var message = _shared[sender];
                var index = Array.IndexOf(message.Recipients, recipient);
                senders.Add(sender);
                ciphertexts.AddRange(message.Ciphertexts.AsSpan(
                    index * ShareCipher.CiphertextLength, ShareCipher.CiphertextLength));
            }
            deliveries[recipient] = new SharesDelivery(recipient, [.. senders], [.. ciphertexts]);
        }
        return deliveries;
    }

    /// <summary>
    /// Step 3: a site's masked input, added into the running sum piece by piece as it is read. An input that fails part way
    /// (a short or unreadable upload) is read again and its words taken back out, exactly (mod 2^32), so the sum is as if it never
    /// came and the site counts as dropped. When even that fails the round is abandoned: a sum holding part of an input must
    /// never be unmasked.
    /// </summary>
    public void AddMaskedInput(IMaskedInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Expect(Stage.MaskedInput);
        Require(_shared.ContainsKey(input.SiteId), $"Site {input.SiteId} sent an input without sharing its keys.");
        var length = Setup.VectorLength + 1 + Setup.CountLength;
        Require(input.Length == length, $"The input of site {input.SiteId} has {input.Length} values; expected {length}.");
        Require(!_uploaded.Contains(input.SiteId), $"Site {input.SiteId} sent its input twice.");
        // The first input is copied, not added, so the sum needs no zeroing pass; until it has been read whole the sum is not started.
        var first = !_started;
        var sum = _sum ??= new WordVector<float>([new float[1], .. _vectorParts.Select(n => GC.AllocateUninitializedArray<float>(n)),
            new float[Setup.CountLength]]);
        var added = 0;
        try
        {
            input.Read((offset, words) =>
            {
                if (offset != added || words.Length > length - added)
                    throw new InvalidDataException($"The input of site {input.SiteId} came out of order: {words.Length} values at {offset} after {added}.");
                sum.Combine(offset, words, first ? WordOp.Copy : WordOp.Add);
                added += words.Length;
            });
            if (added != length) throw new InvalidDataException($"The input of site {input.SiteId} ended after {added} of {length} values.");
        }
        catch (Exception e)
        {
            if (!first && added > 0) TakeBack(input, sum, added, e);
            throw;
        }
        _started = true;
        _uploaded.Add(input.SiteId);
    }

    /// <summary>Subtracts the first <paramref name="added"/> words of <paramref name="input"/> from <paramref name="sum"/>, or abandons the round.</summary>
    private void TakeBack(IMaskedInput input, WordVector<float> sum, int added, Exception cause)
    {
        var removed = 0;
        try
        {
            input.Read((offset, words) =>
            {
                if (offset != removed || offset >= added) return;
                var n = Math.Min(words.Length, added - offset);
                sum.Combine(offset, words[..n], WordOp.Subtract);
                removed += n;
            });
        }
        catch (Exception)
        {
            // Whatever stopped the second read, the sum still holds part of the input: abandoned below.
        }
        if (removed == added) return;
        _stage = Stage.Done;
        // The cause's type, not its message: that may name the server's files, and every later upload of the round is refused with this.
        Abandoned = $"The input of site {input.SiteId} failed after {added} of {sum.Length} values ({cause.GetType().Name}) and could not be " +
            "read again to take it back out of the sum, so the round is abandoned.";
        throw new SecAggAbandonedException(Abandoned, cause);
    }

    /// <summary>
    /// Closes step 3: the request to send to every site whose input arrived.
    /// </summary>
    /// <exception cref="SecAggException">
    /// Fewer than t inputs arrived, or the senders are split into groups with no masks between them.
    /// </exception>
    public UnmaskRequest EndMaskedInput()
    {
        Expect(Stage.MaskedInput);
        EnsureEnough(_uploaded.Count, "sent masked inputs");
        if (_uploaded.Count < Setup.MinSurvivors)
        {
            _stage = Stage.Done;
            throw new SecAggException($"Only {_uploaded.Count} of {Setup.Participants.Length} sites sent masked inputs; the round needs " +
                $"{Setup.MinSurvivors}, so it is abandoned before anything is unmasked (a sum the server would then retry must never be revealed).");
        }
        if (!_graph.IsConnected(_uploaded))
            throw new SecAggException("The sites that sent inputs are split into groups with no masks between them; " +
                "unmasking would reveal each group's sum, so the round is abandoned.");
        _stage = Stage.Unmask;
        return new UnmaskRequest([.. _uploaded.Order()], [.. _shared.Keys.Where(s => !_uploaded.Contains(s)).Order()]);
    }

    /// <summary>Step 4: a surviving site's shares.</summary>
    public void AddUnmaskResponse(UnmaskResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Expect(Stage.Unmask);
        Require(_uploaded.Contains(response.SiteId), $"Site {response.SiteId} is not a survivor.");
        Require(response.SelfMaskShares.Length == response.SelfMaskOwners.Length * Shamir.ShareLength
            && response.MaskKeyShares.Length == response.MaskKeyOwners.Length * Shamir.ShareLength,
            $"The unmask response of site {response.SiteId} has the wrong length.");
        Require(_responses.TryAdd(response.SiteId, response), $"Site {response.SiteId} answered twice.");
    }

    private void Expect(Stage stage)
    {
        if (Abandoned is not null) throw new SecAggAbandonedException(Abandoned);
        if (_stage != stage)
            throw new SecAggException($"Secure-aggregation step out of order: the round is at {_stage}.");
    }

    private void EnsureEnough(int count, string what)
    {
        if (count < Setup.Threshold)
        {
            _stage = Stage.Done;
            throw new SecAggException($"Only {count} of {Setup.Participants.Length} sites {what}; secure " +
                $"aggregation needs at least {Setup.Threshold}. The round is abandoned.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new SecAggException(message);
    }
}
