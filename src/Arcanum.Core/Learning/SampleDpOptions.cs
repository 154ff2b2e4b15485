namespace Arcanum.Core.Learning;

/// <summary>
/// Sample-level differential privacy for a site's local training (DP-SGD): every record a site trains on
/// is protected, over the whole job, against anyone who sees that site's model updates (the server, other
/// sites, whoever reads the final model). This is the job's <c>"dp"</c> block; each site turns it into a
/// noise level for its own row count with <see cref="SampleDpPlan.Calibrate"/>.
/// </summary>
public sealed record SampleDpOptions
{
    /// <summary>The ε each site may spend over all rounds of the job.</summary>
    public double Epsilon { get; init; } = 3;

    /// <summary>The δ of the (ε, δ) guarantee; must stay below 1 / the site's row count.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Every record's gradient is scaled down to at most this L2 norm before it is summed.</summary>
    public double Clip { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> with a message a user can act on.</summary>
    public void Validate()
    {
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon))
            throw new ArgumentException($"The DP epsilon must be a positive finite number; got {Epsilon}.");
        if (!(Delta > 0 && Delta < 1))
            throw new ArgumentException(
                $"The DP delta must be in (0, 1), in practice well below 1 / the number of rows; got {Delta}.");
        if (!(Clip > 0) || double.IsInfinity(Clip))
            throw new ArgumentException($"The DP clipping norm must be a positive finite number; got {Clip}.");
    }

    /// <summary>
    /// Also checks δ against a site's row count: with δ ≥ 1/rows, a mechanism that publishes one whole
    /// record at random still meets (ε, δ), so the guarantee would say nothing.
    /// </summary>
    public void ValidateFor(int rows)
    {
        Validate();
        if (rows < 1) throw new ArgumentException($"DP-SGD needs at least one row to train on; this site has {rows}.");
        if (Delta >= 1.0 / rows)
            throw new ArgumentException(
                $"The DP delta {Delta:G3} is not below 1 / {rows} rows = {1.0 / rows:G3}: " +
                "at that δ the guarantee would allow " +
                $"publishing a whole record. Use a delta below {1.0 / rows:G3} (1e-5 or smaller is usual).");
    }
}
