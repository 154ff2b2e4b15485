using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// The bookkeeping every round shares: which sites have reported, that none reports twice, that
/// no more arrive than the federation has sites, that their weights fit the global model, and that
/// the round is completed once.
/// </summary>
internal sealed class RoundLedger
{
    private readonly HashSet<string> _sites = new(StringComparer.Ordinal);
    private readonly ModelWeights _global;
    private bool _closed;

    public RoundLedger(int round, int totalSites, ModelWeights global)
    {
        ArgumentNullException.ThrowIfNull(global);
        _global = global;
        if (totalSites < 1)
            throw new ArgumentOutOfRangeException(nameof(totalSites), totalSites, "A round needs a federation of at least one site.");
        Round = round;
        TotalSites = totalSites;
    }

    public int Round { get; }

    public int TotalSites { get; }

    public int Count => _sites.Count;

    /// <summary>Throws unless <paramref name="result"/> may be added now; records nothing.</summary>
    public void EnsureAcceptable(RoundResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_closed)
            throw new InvalidOperationException($"Round {Round} is already complete; the result from site '{result.Site}' arrived too late.");
        if (string.IsNullOrWhiteSpace(result.Site))
            throw new ArgumentException("A round result must name its site.", nameof(result));
        if (_sites.Contains(result.Site))
            throw new InvalidOperationException($"Site '{result.Site}' already reported a result for round {Round}; a result is never counted twice.");
        if (result.SampleCount <= 0)
            throw new ArgumentException($"Site '{result.Site}' reported {result.SampleCount} training samples; a site must train on at least one sample to contribute.", nameof(result));
        if (_sites.Count >= TotalSites)
            throw new InvalidOperationException($"Round {Round} already has results from all {TotalSites} sites; site '{result.Site}' is one too many.");
        // An unread upload is checked against the model as it is folded, before its first value counts.
        if (!result.IsUnread) WeightMath.EnsureSameLayout(_global, result.Weights, $"weights from site '{result.Site}'");
    }

    public void Record(string site) => _sites.Add(site);

    /// <summary>Records the sites behind a securely aggregated mean, after the same checks as a result's.</summary>
    public void RecordSecure(ModelWeights meanDifference, long samples, IReadOnlyList<string> sites)
    {
        if (_closed) throw new InvalidOperationException($"Round {Round} is already complete; the secure aggregate arrived too late.");
        if (_sites.Count > 0) throw new InvalidOperationException($"Round {Round} already has results; a secure aggregate replaces them, it is not added to them.");
        if (samples <= 0) throw new ArgumentException($"The secure aggregate of round {Round} covers {samples} training samples.");
        if (sites.Count == 0 || sites.Count > TotalSites || sites.Distinct(StringComparer.Ordinal).Count() != sites.Count)
            throw new ArgumentException($"The secure aggregate of round {Round} names {sites.Count} sites; expected 1 to {TotalSites}, each once.");
        WeightMath.EnsureSameLayout(_global, meanDifference, "the secure aggregate");
        foreach (var s in sites) _sites.Add(s);
    }

    /// <summary>Marks the round complete; throws if it already was or has no results.</summary>
    public void Close()
    {
        if (_closed)
            throw new InvalidOperationException($"Round {Round} is already complete.");
        if (_sites.Count == 0)
            throw new InvalidOperationException($"Round {Round} cannot complete: no site has reported a result.");
        _closed = true;
    }
}
