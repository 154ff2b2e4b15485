using System.Globalization;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// One number of a released statistics table. A withheld cell carries no value (0), so nothing that
/// holds the table can leak what the guard kept back; the requester sees that it was withheld.
/// </summary>
public readonly record struct Cell(double Value, CellStatus Status)
{
    public static Cell Withheld { get; } = new(0, CellStatus.Withheld);

    public static Cell Undefined { get; } = new(0, CellStatus.Undefined);

    public static Cell Of(double value) => new(value, CellStatus.Released);

    public bool IsReleased => Status == CellStatus.Released;

    /// <summary>The value with up to <paramref name="digits"/> significant digits; or "withheld" or "-".</summary>
    public string Format(int digits = 4) => Status switch
    {
        CellStatus.Released =>
            Value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        CellStatus.Withheld => "withheld",
        _ => "-",
    };

    public override string ToString() => Format();
}
