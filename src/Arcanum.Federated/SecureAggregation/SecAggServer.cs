using System.Numerics.Tensors;

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
    private readonly SecAggBuffers? _buffers;
    private uint[]? _sum;
    private Stage _stage = Stage.AdvertiseKeys;

    /// <param name="roundId">Unique per job and round.</param>
    /// <param name="participants">The sites invited to this round.</param>
    /// <param name="vectorLength">Floats in each update.</param>
    /// <param name="options">Graph, threshold and quantisation settings; checked here.</param>
    /// <param name="random">Randomness for the graph labelling; the operating system's unless injected.</param>
    /// <param name="countLength">Whole counts each site appends after its update (summed exactly, not quantised).</param>
    /// <param name="minimumSurvivors">The fewest masked inputs whose sum may be unmasked (the job's min_sites); the threshold when lower.</param>
    /// <param name="buffers">Working arrays kept from an earlier round of the job, or null for fresh ones.</param>
    public SecAggServer(string roundId, IReadOnlyList<int> participants, int vectorLength, SecAggOptions options,
        IRandomBytes? random = null, int countLength = 0, int minimumSurvivors = 0, SecAggBuffers? buffers = null)
    {
        _buffers = buffers;
        ArgumentException.ThrowIfNullOrEmpty(roundId);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(vectorLength);
        ArgumentOutOfRangeException.ThrowIfNegative(countLength);
        if (participants.Distinct().Count() != participants.Count)
            throw new ArgumentException("The participant list repeats a site.", nameof(participants));
        var (k, t, levels) = options.Resolve(participants.Count);
        _random = random ?? SystemRandomBytes.Instance;
        var seed = new byte[32];
        _random.Fill(seed);
        Setup = new SecAggSetup(roundId, [.. participants], k, t, seed, options.ClippingRange, levels,
            options.MaxWeight, vectorLength, countLength, Math.Min(Math.Max(minimumSurvivors, t), participants.Count));
        _graph = new NeighbourGraph(Setup.Participants, k, seed);
    }

    private enum Stage { AdvertiseKeys, ShareKeys, MaskedInput, Unmask, Done }

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

    /// <summary>Step 3: a site's masked input, added into the running sum at once.</summary>
    public void AddMaskedInput(MaskedInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Expect(Stage.MaskedInput);
        Require(_shared.ContainsKey(input.SiteId), $"Site {input.SiteId} sent an input without sharing its keys.");
        var length = Setup.VectorLength + 1 + Setup.CountLength;
        Require(input.Values.Length == length, $"The input of site {input.SiteId} has {input.Values.Length} values; expected {length}.");
        Require(_uploaded.Add(input.SiteId), $"Site {input.SiteId} sent its input twice.");
        if (_sum is null)
        {
            _sum = _buffers?.Take(ref _buffers.Sum, length) ?? GC.AllocateUninitializedArray<uint>(length);
            input.Values.CopyTo(_sum, 0);
        }
        else TensorPrimitives.Add(_sum, input.Values, _sum);
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

/// <summary>
/// A job's working arrays for its rounds' secure sums (the masked sum and the decoded one), kept from round to round: each is as long
/// as the model, and mapping (and faulting in) fresh ones every round costs a server tens of milliseconds at a million parameters.
/// One round uses them at a time, from its first masked input until its result has been read; the next round's first input
/// overwrites them.
/// </summary>
public sealed class SecAggBuffers
{
    internal uint[]? Sum;
    internal float[]? Result;

    /// <summary><paramref name="kept"/> when it has <paramref name="length"/> elements, else a new array that is kept instead.</summary>
    internal T[] Take<T>(ref T[]? kept, int length) => kept is { } k && k.Length == length ? k : kept = GC.AllocateUninitializedArray<T>(length);
}
