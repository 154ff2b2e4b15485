using System.Text.Json;
using Arcanum.Core.IO;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's record of the ε its statistics queries spent, kept in its workspace
/// (statistics/ledger.json) so that a restarted site still refuses a query past its budget. An entry is
/// written, atomically, before the noisy answer leaves the site: a crash between the two over-counts,
/// never under-counts. Without a workspace the ledger lives in memory only.
/// </summary>
internal sealed class StatisticsLedger
{
    private static readonly JsonSerializerOptions Json = new(Transport.WireJson.Options) { WriteIndented = true };
    private readonly string? _path;
    private readonly List<Entry> _entries;

    /// <summary>One answered query that spent ε.</summary>
    internal sealed record Entry(
        string Query, long AtUnixMs, NoiseMechanism Mechanism, double Epsilon, double Delta, int Measurements);

    private sealed record Document(IReadOnlyList<Entry> Entries);

    private StatisticsLedger(string? path, List<Entry> entries)
    {
        _path = path;
        _entries = entries;
    }

    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>The ledger in <paramref name="workspace"/> (empty if none yet), or in memory without one.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read: refusing beats forgetting a spend.</exception>
    public static StatisticsLedger Open(string? workspace)
    {
        var path = workspace is null ? null : Path.Combine(workspace, "statistics", "ledger.json");
        if (path is null || !File.Exists(path)) return new StatisticsLedger(path, []);
        try
        {
            var document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
            return new StatisticsLedger(path, [.. document?.Entries ?? []]);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"The statistics ledger {path} is damaged ({e.Message}); this site answers no statistics query until " +
                "it is repaired, since the ε it records would otherwise be forgotten.", e);
        }
    }

    /// <summary>A budget for <paramref name="policy"/> that has already spent what this ledger records.</summary>
    public StatisticsBudget Budget(SitePolicy policy)
    {
        var budget = new StatisticsBudget(policy);
        foreach (var e in _entries) budget.Restore(e.Mechanism, e.Epsilon, e.Delta, e.Measurements);
        return budget;
    }

    /// <summary>Adds an entry and writes the file (temporary file, then a rename).</summary>
    public void Record(Entry entry)
    {
        _entries.Add(entry);
        if (_path is null) return;
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(new Document(_entries), Json));
    }
}
