using System.Diagnostics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Simulation;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>One site's part in a federated note generator, as its card records it: counts and a score, never text.</summary>
public sealed record NoteSiteCard(string Name, int TrainingNotes, int HeldOutNotes, long TrainingBytes, double? HeldOutBitsPerByte, double? Epsilon);

/// <summary>How a note generator was trained across sites.</summary>
public sealed record NoteFederationCard(string Algorithm, int Rounds, int LocalSteps, IReadOnlyList<NoteSiteCard> Sites);

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
            for (var i = 0; i < sites.Count; i++)
            {
                try
                {
                    noteSites.Add(new NoteSite(sites[i].Name, sites[i].Notes, schedule, target, schedule.Seed + 1000 * (i + 1)));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Site '{sites[i].Name}': {e.Message}", e);
                }
            }
            var functions = noteSites.Select(site => new FunctionSite(site.Name, (task, ct) =>
            {
                var (weights, loss) = site.Train(task.Global, task.Round, localSteps, ct);
                return new SiteRoundOutcome(new RoundResult(site.Name, site.TrainingBytes, weights, null, localSteps), loss, site.Epsilon);
            })).ToList();
            var initial = NoteGenerator.InitialWeights(schedule.Shape, schedule.Seed);
            var lastScores = new Dictionary<string, (double Bits, long Tokens)?>();
            var roundClock = Stopwatch.StartNew();
            // One site trains at a time: libtorch already spreads each step over every core.
            var global = FunctionSiteRounds.Run(algorithmOptions, rounds, schedule.Seed, initial, functions, parallelism: 1, report =>
            {
                lastScores = noteSites.ToDictionary(s => s.Name, s => s.Score(report.Global), StringComparer.Ordinal);
                progress?.Report(new NoteRoundScore(report.Round, Pooled(lastScores.Values), lastScores.ToDictionary(p => p.Key, p => Bits(p.Value), StringComparer.Ordinal),
                    report.MeanLoss, roundClock.Elapsed.TotalSeconds));
                roundClock.Restart();
            }, cancellationToken);

            var siteCards = noteSites.Select(s => new NoteSiteCard(s.Name, s.TrainingNotes, s.HeldOutNotes, s.TrainingBytes,
                Bits(lastScores[s.Name]) is { } b ? Math.Round(b, 4) : null, s.Epsilon is { } e ? Math.Round(e, 4) : null)).ToList();
            var pooled = Pooled(lastScores.Values);
            var seconds = clock.Elapsed.TotalSeconds;
            var card = new NoteModelCard
            {
                Shape = schedule.Shape,
                Parameters = global.ParameterCount,
                Steps = schedule.Steps,
                BatchSize = schedule.BatchSize,
                LearningRate = schedule.LearningRate,
                Seed = schedule.Seed,
                TrainingNotes = noteSites.Sum(s => s.TrainingNotes),
                HeldOutNotes = noteSites.Sum(s => s.HeldOutNotes),
                TrainingBytes = noteSites.Sum(s => s.TrainingBytes),
                HeldOutBitsPerByte = pooled is { } p ? Math.Round(p, 4) : null,
                FinalTrainingLoss = Math.Round(noteSites.Average(s => s.LastLoss), 4),
                TokensPerSecond = Math.Round(noteSites.Sum(s => s.Tokens) / seconds),
                Seconds = Math.Round(seconds, 1),
                Device = target.ToString(),
                Privacy = schedule.Privacy is null ? null : noteSites.Select(s => s.Spent!).MaxBy(s => s.Epsilon),
                StoppedEarly = noteSites.Select(s => s.Stopped).FirstOrDefault(w => w is not null),
                Federation = new NoteFederationCard(algorithmOptions.Algorithm, rounds, localSteps, siteCards),
            };
            return NoteGenerator.FromWeights(global, card, device);
        }
        finally
        {
            foreach (var site in noteSites) site.Dispose();
        }
    }

    private static double? Bits((double Bits, long Tokens)? score) => score is { } s ? s.Bits / s.Tokens : null;

    private static double? Pooled(IEnumerable<(double Bits, long Tokens)?> scores)
    {
        var present = scores.Where(s => s is not null).Select(s => s!.Value).ToList();
        return present.Count == 0 ? null : present.Sum(s => s.Bits) / present.Sum(s => s.Tokens);
    }

    /// <summary>One site: its notes (training and held out), a network of its own, and a trainer whose DP account spans every round.</summary>
    private sealed class NoteSite : IDisposable
    {
        private readonly NoteTransformer _network;
        private readonly NoteTrainer _trainer;
        private readonly List<string> _held;
        private readonly Device _device;

        public NoteSite(string name, IReadOnlyList<string> notes, NoteTrainingOptions options, Device device, int seed)
        {
            Name = name;
            _device = device;
            List<string> train;
            (train, _held) = NoteGenerator.Split(notes, options.HoldoutFraction, seed);
            // Its initial weights are replaced by the global ones every round.
            _network = NoteGenerator.NewNetwork(options.Shape, seed);
            _network.to(device);
            try
            {
                _trainer = new NoteTrainer(_network, train, options, device, seed);
            }
            catch
            {
                _network.Dispose();
                throw;
            }
        }

        public string Name { get; }

        public int TrainingNotes => _trainer.Notes;

        public int HeldOutNotes => _held.Count;

        public long TrainingBytes => _trainer.Bytes;

        public long Tokens { get; private set; }

        public double LastLoss { get; private set; }

        /// <summary>Why the site stopped training before the schedule's end (its DP budget), or null.</summary>
        public string? Stopped { get; private set; }

        public double? Epsilon => _trainer.Privacy?.Epsilon;

        public Arcanum.Synthesis.PrivacyBudget? Spent => _trainer.Spent;

        /// <summary>The round's local steps from <paramref name="global"/>; the loss only without DP (under DP it is an unprotected figure).</summary>
        public (ModelWeights Weights, double? Loss) Train(ModelWeights global, int round, int localSteps, CancellationToken ct)
        {
            ModuleWeights.Load(_network, global, "global note-generator weights");
            var stretch = _trainer.Run((round - 1) * localSteps + 1, round * localSteps, null, ct);
            // Its budget spent (the accountant's calibration leaves no step over, but a site never trains past it): it sends
            // what it has, and the card says so.
            if (stretch.Stopped is { } why) Stopped ??= $"site '{Name}' stopped in round {round}: {why}";
            Tokens += stretch.Tokens;
            LastLoss = stretch.SmoothedLoss;
            return (ModuleWeights.ToWeights(_network), _trainer.Privacy is null ? stretch.SmoothedLoss : null);
        }

        /// <summary>Bits and tokens of <paramref name="weights"/> on the held-out notes, or null when the site holds none out.</summary>
        public (double Bits, long Tokens)? Score(ModelWeights weights)
        {
            if (_held.Count == 0) return null;
            ModuleWeights.Load(_network, weights, "global note-generator weights");
            return NoteGenerator.Score(_network, _device, _held);
        }

        public void Dispose()
        {
            _trainer.Dispose();
            _network.Dispose();
        }
    }
}
