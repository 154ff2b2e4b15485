using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Simulation;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>
/// One site's part in a federated note generator, in this process or at a hospital: its notes split into training and
/// held-out notes (whole notes, by its seed), a network of its own, and a trainer whose AdamW state and DP account span
/// every round of the job (a site is a hospital that stays, as SCAFFOLD's sites keep their control variates).
/// </summary>
internal sealed class NoteSite : IFunctionModelSite
{
    private readonly NoteTransformer _network;
    private readonly NoteTrainer _trainer;
    private readonly List<string> _held;
    private readonly Device _device;
    private readonly int _localSteps;

    /// <exception cref="ArgumentException">Too little text for one window, or a delta not below 1/notes.</exception>
    public NoteSite(string name, IReadOnlyList<string> notes, NoteTrainingOptions options, int localSteps, Device device)
    {
        Name = name;
        _device = device;
        _localSteps = localSteps;
        var seed = SeedOf(options.Seed, name);
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

    /// <summary>A site's seed: from the job's seed and its name (not its position), so it splits and trains alike wherever it runs.</summary>
    public static int SeedOf(int jobSeed, string site) => Seeds.ForStage(jobSeed, "notes-site:" + site);

    public string Name { get; }

    public int TrainingNotes => _trainer.Notes;

    public int HeldOutNotes => _held.Count;

    public long TrainingBytes => _trainer.Bytes;

    public (int Train, int HeldOut) Items => (TrainingNotes, HeldOutNotes);

    public long Tokens { get; private set; }

    public double LastLoss { get; private set; }

    /// <summary>Why the site stopped training before the schedule's end (its DP budget), or null.</summary>
    public string? Stopped { get; private set; }

    public double? Epsilon => _trainer.Privacy?.Epsilon;

    public Arcanum.Synthesis.PrivacyBudget? Spent => _trainer.Spent;

    /// <summary>The round's local steps from the task's global weights; the loss only without DP (under DP it is an unprotected figure).</summary>
    public SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken)
    {
        ModuleWeights.Load(_network, task.Global, "global note-generator weights");
        var first = (task.Round - 1) * _localSteps + 1;
        var stretch = _trainer.Run(first, task.Round * _localSteps, null, cancellationToken);
        // Its budget spent (the accountant's calibration leaves no step over, but a site never trains past it): it sends
        // what it has, and the card says so.
        if (stretch.Stopped is { } why) Stopped ??= $"site '{Name}' stopped in round {task.Round}: {why}";
        Tokens += stretch.Tokens;
        LastLoss = stretch.SmoothedLoss;
        var weights = ModuleWeights.ToWeights(_network);
        // The steps it took: fewer than asked once a DP budget is spent.
        var steps = Math.Max(0, stretch.LastStep - first + 1);
        return new SiteRoundOutcome(new RoundResult(Name, TrainingBytes, weights, null, steps), _trainer.Privacy is null ? stretch.SmoothedLoss : null, Epsilon);
    }

    /// <summary>Bits and tokens of <paramref name="weights"/> on the held-out notes, or null when the site holds none out.</summary>
    public FunctionScore? Score(ModelWeights weights)
    {
        if (_held.Count == 0) return null;
        ModuleWeights.Load(_network, weights, "global note-generator weights");
        var (bits, tokens) = NoteGenerator.Score(_network, _device, _held);
        return new FunctionScore(bits, tokens);
    }

    public void Dispose()
    {
        _trainer.Dispose();
        _network.Dispose();
    }
}
