using System.Text.Json;
using Arcanum.Core.Learning;
using Arcanum.Core.Privacy;

namespace Arcanum.Federated.Privacy;

/// <summary>
/// One site's sample-level DP account for one job: the noise it calibrated for its own rows, every
/// DP-SGD run it did (retried rounds included: each run touched the rows), and the ε spent so far
/// (RDP accountant, the one the calibration used). A run that would take the site past the job's
/// ε is refused before it starts, so the budget holds however many rounds the job ends up asking
/// for. It saves as a small JSON file, so a restarted site keeps counting.
/// </summary>
public sealed class SiteDpLedger
{
    private readonly List<SampleDpUsage> _runs = [];

    public SiteDpLedger(SampleDpPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
    }

    public SampleDpPlan Plan { get; }

    /// <summary>The accountant's name, as reports state it.</summary>
    public const string AccountantName = "rdp";

    /// <summary>The DP-SGD runs so far.</summary>
    public IReadOnlyList<SampleDpUsage> Runs => _runs;

    /// <summary>A ledger for a site with <paramref name="rows"/> training rows, or null when the job has no DP.</summary>
    public static SiteDpLedger? For(SampleDpOptions? dp, int rows, TrainingOptions options, int rounds) =>
        dp is null ? null : new SiteDpLedger(SampleDpPlan.Calibrate(dp, rows, options.BatchSize, options.Epochs, rounds));

    /// <summary>ε spent so far at the job's δ (0 before the first run).</summary>
    public double Epsilon => Spent(_runs);

    /// <summary>Throws <see cref="PrivacyBudgetException"/> when one more round would spend more than the job's ε.</summary>
    public void EnsureRoomForAnotherRound(string site)
    {
        var next = new SampleDpUsage(Plan.NoiseMultiplier, Plan.SampleRate, Plan.StepsPerRound, Plan.Options.Clip);
        var after = Spent([.. _runs, next]);
        // The calibration aims at ε within its 0.01 tolerance; allow that much, never more.
        if (after > Plan.Options.Epsilon + 0.01)
            throw new PrivacyBudgetException(
                $"site '{site}' has spent ε {Epsilon:F2} of the job's {Plan.Options.Epsilon:G3} (δ {Plan.Options.Delta:G3}) in " +
                $"{_runs.Count} DP-SGD run(s); another round would bring it to {after:F2}, so it takes no further part.");
    }

    /// <summary>Records a finished run.</summary>
    public void Record(SampleDpUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        _runs.Add(usage);
    }

    /// <summary>The runs as JSON, for the site's workspace.</summary>
    public string RunsJson() => JsonSerializer.Serialize(_runs);

    /// <summary>Restores runs saved with <see cref="RunsJson"/>.</summary>
    public void RestoreRuns(string json)
    {
        var runs = JsonSerializer.Deserialize<List<SampleDpUsage>>(json) ?? throw new InvalidDataException("The DP ledger is empty.");
        _runs.Clear();
        _runs.AddRange(runs);
    }

    private double Spent(IEnumerable<SampleDpUsage> runs)
    {
        var accountant = new RdpAccountant();
        var any = false;
        foreach (var r in runs)
        {
            r.RecordOn(accountant);
            any = true;
        }
        return any ? accountant.GetEpsilon(Plan.Options.Delta).Epsilon : 0;
    }
}
