using System.Text.Json;
using System.Text.Json.Serialization;
using Arcanum.Core.Privacy;

namespace Arcanum.Federated.Privacy;

/// <summary>One round of client-level DP: which round, the noise its sum really carried, the site sampling rate, ε after it, and the next round's clip norm.</summary>
public sealed record ClientDpRoundSpend(int Round, double NoiseMultiplier, double SamplingRate, double Epsilon, double NextClipNorm);

/// <summary>
/// What a job's client-level DP has spent, round by round, kept by whoever aggregates (the simulator, the
/// server). It outlives a server restart: <see cref="ToJson"/> is written before a round counts and
/// <see cref="Restore"/> replays all of it, so a resumed job neither forgets its spend nor its adaptive clip norm.
/// A round recorded but not committed before a crash stays counted, and its re-run is counted again: its noisy
/// result existed (the server computed it), so forgetting it would understate ε.
/// </summary>
public sealed class ClientDpLedger
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,   // ε = ∞ after a round without noise
    };
    private readonly ClientDpOptions _options;
    private readonly IPrivacyAccountant _accountant;
    private readonly List<ClientDpRoundSpend> _rounds = [];

    public ClientDpLedger(ClientDpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accountant = ClientDpAccounting.CreateAccountant(options);
        _options = options;
        ClipNorm = options.ClipNorm;
    }

    /// <summary>The clip norm the next round uses (it moves under adaptive clipping).</summary>
    public double ClipNorm { get; private set; }

    /// <summary>The rounds recorded, in order.</summary>
    public IReadOnlyList<ClientDpRoundSpend> Rounds => _rounds;

    /// <summary>ε at the job's δ after the rounds recorded (0 before any).</summary>
    public double Epsilon => _rounds.Count == 0 ? 0 : _rounds[^1].Epsilon;

    /// <summary>
    /// Counts one round whose sum carried noise multiplier <paramref name="sigma"/>, with <paramref name="asked"/> of
    /// <paramref name="participants"/> sites asked (q = asked / participants); returns ε so far.
    /// </summary>
    public double Record(int round, double sigma, int asked, int participants, double nextClipNorm)
    {
        var q = ClientDpAccounting.SiteSamplingRate(asked, participants);
        var epsilon = Step(sigma, q);
        _rounds.Add(new ClientDpRoundSpend(round, sigma, q, epsilon, nextClipNorm));
        ClipNorm = nextClipNorm;
        return epsilon;
    }

    /// <summary>One round at σ: ε so far; a round without noise (σ = 0, allowed only with allow_infinite_epsilon) makes it ∞ for good.</summary>
    private double Step(double sigma, double q)
    {
        if (sigma == 0) _unbounded = true;
        else _accountant.Step(sigma, q);
        return _unbounded ? double.PositiveInfinity : _accountant.GetEpsilon(_options.Delta);
    }

    private bool _unbounded;

    public string ToJson() => JsonSerializer.Serialize(new Stored(_rounds), Json);

    /// <summary>The ledger recorded in <paramref name="json"/>, every entry replayed through a fresh accountant; it must cover rounds 1..<paramref name="rounds"/>.</summary>
    /// <exception cref="InvalidDataException">The record is unreadable or misses a committed round: ε could not be stated, so the job must not go on.</exception>
    public static ClientDpLedger Restore(ClientDpOptions options, string json, int rounds)
    {
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The client-level DP ledger is unreadable ({e.Message}); the job's ε cannot be stated.", e);
        }
        var recorded = stored?.Rounds ?? [];
        var missing = Enumerable.Range(1, rounds).FirstOrDefault(r => !recorded.Any(x => x.Round == r));
        if (missing > 0)
            throw new InvalidDataException($"The client-level DP ledger records {recorded.Count} rounds but not round {missing}, which is done; the job's ε cannot be stated.");
        var ledger = new ClientDpLedger(options);
        foreach (var r in recorded)
        {
            ledger._rounds.Add(r with { Epsilon = ledger.Step(r.NoiseMultiplier, r.SamplingRate) });
            ledger.ClipNorm = r.NextClipNorm;
        }
        return ledger;
    }

    private sealed record Stored([property: JsonPropertyName("rounds")] IReadOnlyList<ClientDpRoundSpend> Rounds);
}
