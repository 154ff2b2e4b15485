using System.Globalization;

namespace Arcanum.Synthesis.Marginal;

/// <summary>How <see cref="AimSynthesizer.Fit"/> spends its budget, cuts numbers into bins and bounds its model.</summary>
public sealed record AimOptions
{
    /// <summary>The privacy budget's epsilon; there is no default, since the right budget is the data owner's call.</summary>
    public required double Epsilon { get; init; }

    /// <summary>Delta; <see cref="MstOptions.DefaultDelta"/> (1e-9) as in the AIM paper's experiments.</summary>
    public double Delta { get; init; } = MstOptions.DefaultDelta;

    /// <summary>Fine bins per number or date whose domain names none; sparse bins are joined as in MST.</summary>
    public int Bins { get; init; } = 32;

    /// <summary>The share of rho spent on private ranges of numbers and dates without public bounds (as in MST).</summary>
    public double RangeShare { get; init; } = 0.1;

    /// <summary>Public levels and bounds; columns it leaves out have their levels read from the data and their ranges estimated privately.</summary>
    public PublicDomain? Domain { get; init; }

    /// <summary>
    /// The model-size cap in megabytes of junction-tree cells (8 bytes each), as the paper's MAX-SIZE (80 MB there).
    /// A round only considers marginals that keep the model within this cap times the share of the budget spent so
    /// far, so the model grows as the measurements get more precise. The default keeps a fit on Adult to minutes on
    /// two cores; raise it for more detail at the cost of time.
    /// </summary>
    public double MaxModelSize { get; init; } = 2;

    /// <summary>3-way marginals join the workload only when the table has at most this many learned columns (C(d, 3) of them).</summary>
    public int MaxTripleColumns { get; init; } = 20;

    /// <summary>
    /// The paper's T = 16·d: the first rounds' noise and selection are set as if the budget were split over this many
    /// rounds per column. Annealing then spends it faster, so the actual number of rounds is usually far smaller.
    /// </summary>
    public int RoundsPerColumn { get; init; } = 16;

    /// <summary>
    /// The share of rho (after ranges) for the first measurement of every column's marginal, as in MST (a third). The
    /// paper gives it one round each (0.9/16 ≈ 0.056 of rho in all) because its domains are public and fixed; here
    /// sparse cells are joined by these first counts (as in MST), so noisier counts would mean coarser bins for good.
    /// On Rotterdam and Pima a third gave lower 2-way TVD than the paper's share at epsilon 0.3-3, and the same within
    /// seed noise at 10 (bench/RESULTS.md, section n).
    /// </summary>
    public double OneWayShare { get; init; } = 1.0 / 3;

    /// <summary>Mirror-descent steps after each round (warm-started from the last round's potentials).</summary>
    public int RoundIterations { get; init; } = 100;

    /// <summary>The most mirror-descent steps of the final inference (it stops earlier once converged).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Seeds the privacy noise, for tests and benchmarks that must repeat; null draws from the CSPRNG (use that for anything released).</summary>
    public int? NoiseSeed { get; init; }

    /// <summary>The model-size cap in cells.</summary>
    internal long MaxCells => (long)(MaxModelSize * 1024 * 1024 / sizeof(double));

    /// <summary>The settings discretisation shares with MST.</summary>
    internal MstOptions Discretisation => new() { Epsilon = Epsilon, Delta = Delta, Bins = Bins, RangeShare = RangeShare, Domain = Domain };

    /// <exception cref="SynthesisException">A setting out of range, with what to use instead.</exception>
    public void Validate()
    {
        Discretisation.Validate();
        if (!(MaxModelSize >= 0.01 && MaxModelSize <= 4096)) throw new SynthesisException(Invariant($"The model-size cap must be between 0.01 and 4096 MB, not {MaxModelSize}; 2 is the default."));
        if (MaxTripleColumns is < 0 or > 60) throw new SynthesisException($"3-way marginals can be allowed up to 60 columns, not {MaxTripleColumns}.");
        if (!(OneWayShare > 0 && OneWayShare < 0.9)) throw new SynthesisException(Invariant($"The one-way share must be above 0 and below 0.9, not {OneWayShare}."));
        if (RoundsPerColumn is < 1 or > 1000) throw new SynthesisException($"Rounds per column must be between 1 and 1000, not {RoundsPerColumn}.");
        if (RoundIterations is < 1 or > 100_000) throw new SynthesisException($"Steps per round must be between 1 and 100000, not {RoundIterations}.");
        if (Iterations is < 1 or > 100_000) throw new SynthesisException($"Inference needs between 1 and 100000 iterations, not {Iterations}.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
