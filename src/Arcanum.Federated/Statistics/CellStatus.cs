namespace Arcanum.Federated.Statistics;

/// <summary>Whether a number is shown, withheld by a guard, or undefined (e.g. the mean of no values).</summary>
public enum CellStatus
{
    Released,
    Withheld,
    Undefined,
}
