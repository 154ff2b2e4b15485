using System.Diagnostics;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Simulation;

namespace Arcanum.Torch.Text;

/// <summary>One site's part in a federated note generator, as its card records it: counts and a score, never text.</summary>
public sealed record NoteSiteCard(string Name, int TrainingNotes, int HeldOutNotes, long? TrainingBytes, double? HeldOutBitsPerByte, double? Epsilon);

/// <summary>
/// How a note generator was trained across sites: in this process, or over the network (<paramref name="Network"/>), where
/// each site calibrated its own DP-SGD noise and reported only what it spent (<paramref name="Privacy"/> says so; the
/// card's <see cref="NoteModelCard.Privacy"/> is then null).
/// </summary>
public sealed record NoteFederationCard(string Algorithm, int Rounds, int LocalSteps, IReadOnlyList<NoteSiteCard> Sites, bool Network = false, string? Privacy = null);

/// <summary>One round of a federated note generator: the held-out bits per byte of the model it produced, pooled and per site.</summary>
public sealed record NoteRoundScore(int Round, double? PooledBitsPerByte, IReadOnlyDictionary<string, double?> SiteBitsPerByte, double? MeanTrainingLoss, double Seconds);

/// <summary>
/// A note generator trained across sites in this process (the simulator's world for notes): each site holds its own notes,
/// holds out a share of them (whole notes, by the seed), and each round trains <c>localSteps</c> steps of the shared
/// schedule from the global weights, keeping its AdamW state from round to round (a site is a hospital that stays, as
/// SCAFFOLD's sites keep their control variates; restarting AdamW every round cost 0.35 bits per byte pooled on the
/// ACI-Bench / MTS-Dialog benchmark, RESULTS r.4); only weights and byte counts reach the server, which averages them through the
/// federation engine's round loop (<see cref="FunctionSiteRounds"/>), weighting each site by its training bytes. After every
/// round the global model is scored on each site's held-out notes, and the bits pool exactly (total bits over total bytes).
/// With <see cref="NoteTrainingOptions.Privacy"/> every site trains with DP-SGD, one of its notes the unit, on one account
/// over all its rounds; the card records the largest epsilon any site spent.
/// </summary>
public static class FederatedNotes
{
    /// <param name="sites">Each site's name and notes.</param>
    /// <param name="options">The model, batch, learning rate, holdout and seed; <see cref="NoteTrainingOptions.Steps"/> is ignored (rounds x local steps).</param>
    /// <param name="algorithm">One of <see cref="FunctionSiteRounds.Algorithms"/>.</param>
    /// <param name="rounds">Federated rounds.</param>
    /// <param name="localSteps">Steps each site trains per round.</param>
    /// <param name="device">cpu, cuda or cuda:N.</param>
    /// <param name="progress">Each round's held-out scores.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="ArgumentException">Bad options, a site with too little text, or an algorithm a note site cannot run.</exception>
    public static NoteGenerator Fit(IReadOnlyList<(string Name, IReadOnlyList<string> Notes)> sites, NoteTrainingOptions options, string algorithm, int rounds, int localSteps,
        string device = "cpu", IProgress<NoteRoundScore>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(options);
        if (sites.Count < 2) throw new ArgumentException($"A federation needs at least 2 sites; got {sites.Count}.");
        if (rounds < 1 || localSteps < 1) throw new ArgumentException($"--rounds and --local-steps must be at least 1; got {rounds} and {localSteps}.");
        var duplicate = sites.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two sites are named '{duplicate.Key}'.");
        var schedule = options with { Steps = rounds * localSteps };
        schedule.Validate();
        var algorithmOptions = new AlgorithmOptions { Algorithm = algorithm };
        algorithmOptions.Validate();
        TorchRuntime.EnsureLoaded();
        var target = TorchRuntime.ResolveDevice(device);
        var clock = Stopwatch.StartNew();
        var noteSites = new List<NoteSite>();
        try
        {
            foreach (var (name, notes) in sites)
            {
                try
                {
                    noteSites.Add(new NoteSite(name, notes, schedule, localSteps, target));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Site '{name}': {e.Message}", e);
                }
            }
            var functions = noteSites.Select(site => new FunctionSite(site.Name, site.Train)).ToList();
            var initial = NoteGenerator.InitialWeights(schedule.Shape, schedule.Seed);
            var lastScores = new Dictionary<string, FunctionScore?>();
            var roundClock = Stopwatch.StartNew();
            // One site trains at a time: libtorch already spreads each step over every core.
            var global = FunctionSiteRounds.Run(algorithmOptions, rounds, schedule.Seed, initial, functions, parallelism: 1, report =>
            {
                lastScores = noteSites.ToDictionary(s => s.Name, s => s.Score(report.Global), StringComparer.Ordinal);
                progress?.Report(new NoteRoundScore(report.Round, FunctionScore.Pool(lastScores.Values), lastScores.ToDictionary(p => p.Key, p => p.Value?.Mean, StringComparer.Ordinal),
                    report.MeanLoss, roundClock.Elapsed.TotalSeconds));
                roundClock.Restart();
            }, cancellationToken);

            var record = new FunctionJobRecord(algorithmOptions.Algorithm, rounds,
                [.. noteSites.Select(s => new FunctionSiteRecord(s.Name, s.TrainingNotes, s.HeldOutNotes, s.TrainingBytes, lastScores[s.Name]?.Mean, s.Epsilon))],
                FunctionScore.Pool(lastScores.Values), noteSites.Average(s => s.LastLoss), clock.Elapsed, noteSites.Select(s => s.Stopped).FirstOrDefault(w => w is not null));
            var card = NoteJobModel.FederatedCard(schedule, localSteps, global.ParameterCount, target.ToString(), record) with
            {
                TokensPerSecond = Math.Round(noteSites.Sum(s => s.Tokens) / record.Elapsed.TotalSeconds),
                Privacy = schedule.Privacy is null ? null : noteSites.Select(s => s.Spent!).MaxBy(s => s.Epsilon),
            };
            return NoteGenerator.FromWeights(global, card, device);
        }
        finally
        {
            foreach (var site in noteSites) site.Dispose();
        }
    }
}
