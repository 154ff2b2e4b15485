using System.Security.Cryptography;
using System.Text;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>
/// Runs one in-memory SecAgg+ round between a server and sites with ids 11, 12, … (not 1-based, to catch
/// index mix-ups), seeded so it replays, and records every message the server receives.
/// </summary>
internal sealed class SecAggHarness
{
    private static readonly Dictionary<int, AsymmetricSignatureKey> SigningKeys = [];

    public SecAggHarness(int sites, SecAggOptions options, int vectorLength, int seed = 1, int countLength = 0,
        string roundId = "job-7/round-3", IReadOnlyList<int>? vectorParts = null)
    {
        SiteIds = [.. Enumerable.Range(11, sites)];
        Server = new SecAggServer(roundId, SiteIds, vectorLength, options, Seeded(seed, 0), countLength, vectorParts: vectorParts);
        PeerKeys = SiteIds.ToDictionary(id => id, id => (ISiteSignatureKey)SigningKey(id).PublicOnly());
        Clients = SiteIds.ToDictionary(id => id,
            id => new SecAggClient(id, Server.Setup, SigningKey(id), PeerKeys, Seeded(seed, id)));
    }

    public int[] SiteIds { get; }
    public SecAggServer Server { get; }
    public Dictionary<int, ISiteSignatureKey> PeerKeys { get; }
    public Dictionary<int, SecAggClient> Clients { get; }
    public List<object> ServerInbox { get; } = [];
    public List<MaskedInput> MaskedInputs { get; } = [];

    /// <summary>Inputs the server refused in <see cref="Run"/> (see its <c>send</c>), with why; those sites count as dropped.</summary>
    public List<(int Site, Exception Error)> Refused { get; } = [];

    /// <summary>
    /// Runs the round; <paramref name="drops"/> maps a site to the step it vanishes before. <paramref name="send"/>, when given, is
    /// how each masked input reaches the server (a stand-in for a spooled upload); an input the server throws on is recorded in
    /// <see cref="Refused"/> and the round goes on.
    /// </summary>
    public SecAggResult Run(float[][] updates, long[] counts, IReadOnlyDictionary<int, DropBefore>? drops = null, uint[][]? tails = null,
        Func<MaskedInput, IMaskedInput>? send = null)
    {
        drops ??= new Dictionary<int, DropBefore>();
        bool Alive(int site, DropBefore step) => !drops.TryGetValue(site, out var d) || d > step;

        foreach (var id in SiteIds.Where(s => Alive(s, DropBefore.AdvertiseKeys)))
            Deliver(Clients[id].AdvertiseKeys(), Server.AddAdvertisement);
        var directory = Server.EndAdvertiseKeys();
        foreach (var ad in directory.Where(a => Alive(a.SiteId, DropBefore.ShareKeys)))
            Deliver(Clients[ad.SiteId].ShareKeys(directory), Server.AddShares);
        var deliveries = Server.EndShareKeys();
        foreach (var (id, delivery) in deliveries.Where(d => Alive(d.Key, DropBefore.MaskedInput)))
        {
            var index = Array.IndexOf(SiteIds, id);
            var input = Clients[id].MaskInput(delivery, updates[index], counts[index], tails?[index] ?? []);
            MaskedInputs.Add(input);
            if (send is null)
            {
                Deliver(input, Server.AddMaskedInput);
                continue;
            }
            try
            {
                Deliver(send(input), Server.AddMaskedInput);
            }
            catch (Exception e) when (e is IOException or InvalidDataException || e.GetType() == typeof(SecAggException))
            {
                Refused.Add((id, e));
            }
        }
        var request = Server.EndMaskedInput();
        foreach (var id in request.Survivors.Where(s => Alive(s, DropBefore.Unmask)))
            Deliver(Clients[id].Unmask(request), Server.AddUnmaskResponse);
        return Server.Finish();
    }

    /// <summary>Σ min(count, cap) · clip(x), in double, the plain weighted sum a secure round approximates.</summary>
    public static double[] PlainWeightedSum(float[][] updates, long[] counts, IEnumerable<int> indices,
        SecAggOptions options)
    {
        var sum = new double[updates[0].Length];
        foreach (var i in indices)
        {
            var w = Math.Min(counts[i], options.MaxWeight);
            for (var j = 0; j < sum.Length; j++)
                sum[j] += w * Math.Clamp(updates[i][j], -options.ClippingRange, options.ClippingRange);
        }
        return sum;
    }

    public static float[][] RandomUpdates(int sites, int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, sites).Select(_ =>
            Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray())];
    }

    public static SeededRandomBytes Seeded(int seed, int stream) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"test-seed/{seed}/{stream}")));

    private void Deliver<T>(T message, Action<T> add) where T : notnull
    {
        ServerInbox.Add(message);
        add(message);
    }

    private static AsymmetricSignatureKey SigningKey(int site)
    {
        lock (SigningKeys)
        {
            if (!SigningKeys.TryGetValue(site, out var key))
                SigningKeys[site] = key = AsymmetricSignatureKey.CreateEphemeral();
            return key;
        }
    }
}
