namespace Arcanum.Synthesis.Copula;

/// <summary>
/// One latent dimension of the real rows, as fitting starts it: a value per row (NaN where the column's
/// value is missing) and, for rows whose latent is only known to lie in an interval (a level, a missing
/// flag, a run of tied numbers, a missing number), that interval; NaN bounds where the value is fixed.
/// </summary>
internal sealed record LatentColumn(double[] Values, double[] Lower, double[] Upper)
{
    /// <summary>A column whose every value is fixed.</summary>
    public static LatentColumn Fixed(double[] values)
    {
        var none = new double[values.Length];
        Array.Fill(none, double.NaN);
        return new LatentColumn(values, none, none);
    }

    public bool IsFree(int row) => !double.IsNaN(Lower[row]);

    public bool HasFreeRows => Lower.Any(b => !double.IsNaN(b));
}
