using Arcanum.Core.Privacy;

namespace Arcanum.Core.Learning;

/// <summary>
/// A site's DP-SGD budget for a whole job: the noise multiplier that makes all planned steps spend exactly
/// the job's ε (RDP accountant), the sampling rate and the steps per round. Batches are Poisson samples as in
/// Opacus's DPDataLoader: an epoch is K = ⌈rows / batch⌉ steps, each taking every row with probability
/// q = 1/K, so each row is seen once per epoch in expectation and the expected batch is rows/K ≤ batch.
/// </summary>
/// <param name="Options">The job's (ε, δ, clip).</param>
/// <param name="NoiseMultiplier">σ; the noise on the summed clipped gradients has standard deviation σ·clip.</param>
/// <param name="SampleRate">q, the probability that a step includes a given row.</param>
/// <param name="StepsPerRound">Local epochs × K.</param>
/// <param name="Rounds">Rounds the budget is spread over.</param>
public sealed record SampleDpPlan(
    SampleDpOptions Options, double NoiseMultiplier, double SampleRate, int StepsPerRound, int Rounds)
{
    /// <summary>Every step of every round.</summary>
    public long TotalSteps => (long)StepsPerRound * Rounds;

    /// <summary>What each round's <see cref="TrainingOptions.SampleDp"/> should be.</summary>
    public SampleDpSettings Settings => new(NoiseMultiplier, Options.Clip);

    /// <summary>
    /// The guarantee if the site trains in every planned round; at most <see cref="SampleDpOptions.Epsilon"/>.
    /// </summary>
    public PrivacySpent Projected =>
        RdpAccountant.ComputeEpsilon(NoiseMultiplier, SampleRate, TotalSteps, Options.Delta);

    /// <summary>K = ⌈rows / batch⌉, the Poisson-sampled steps one local epoch takes.</summary>
    public static int StepsPerEpoch(int rows, int batchSize)
    {
        if (rows < 1) throw new ArgumentException($"DP-SGD needs at least one row to train on; got {rows}.");
        if (batchSize < 1) throw new ArgumentException($"Batch size must be at least 1; got {batchSize}.");
        return (int)((rows + (long)batchSize - 1) / batchSize);
    }

    /// <summary>q = 1/K: the rate at which each step samples rows (see <see cref="StepsPerEpoch"/>).</summary>
    public static double SampleRateFor(int rows, int batchSize) => 1.0 / StepsPerEpoch(rows, batchSize);

    /// <summary>
    /// Finds the smallest σ with which <paramref name="rounds"/> rounds of <paramref name="epochsPerRound"/>
    /// local epochs over <paramref name="rows"/> rows in batches of <paramref name="batchSize"/> stay within the
    /// job's (ε, δ). Throws <see cref="ArgumentException"/> when the settings are invalid for this site (e.g.
    /// δ ≥ 1/rows) or when no σ can reach the ε.
    /// </summary>
    public static SampleDpPlan Calibrate(
        SampleDpOptions options, int rows, int batchSize, int epochsPerRound, int rounds)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateFor(rows);
        if (epochsPerRound < 1) throw new ArgumentException($"Local epochs must be at least 1; got {epochsPerRound}.");
        if (rounds < 1)
            throw new ArgumentException($"A DP budget needs at least one round to spread over; got {rounds}.");
        var perEpoch = StepsPerEpoch(rows, batchSize);
        var perRound = checked(perEpoch * epochsPerRound);
        var q = 1.0 / perEpoch;
        var sigma = RdpAccountant.NoiseForEpsilon(options.Epsilon, options.Delta, q, (long)perRound * rounds);
        return new SampleDpPlan(options, sigma, q, perRound, rounds);
    }
}
