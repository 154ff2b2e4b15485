namespace Arcanum.Federated.Statistics;

/// <summary>
/// The range a numeric column is declared to lie in. Every site clamps its values into it, so the
/// histogram edges are the same everywhere without anyone seeing another site's data, and one record
/// can move a sum by at most half the width (the sums are taken around <see cref="Center"/>).
/// </summary>
public readonly record struct ValueRange(double Lower, double Upper)
{
    public double Width => Upper - Lower;

    public double Center => 0.5 * (Lower + Upper);

    /// <summary>Largest |clamped value − center|: the most one record moves a centered sum.</summary>
    public double HalfWidth => 0.5 * (Upper - Lower);

    public double Clamp(double value) => Math.Clamp(value, Lower, Upper);

    /// <summary>The bin of a value among <paramref name="bins"/> equal ones; beyond the range, an end bin.</summary>
    public int Bin(double value, int bins) =>
        Math.Clamp((int)Math.Floor((value - Lower) / Width * bins), 0, bins - 1);

    /// <summary>Lower edge of bin <paramref name="b"/> (b = bins gives the upper end).</summary>
    public double Edge(int b, int bins) => b == bins ? Upper : Lower + Width * b / bins;
}
