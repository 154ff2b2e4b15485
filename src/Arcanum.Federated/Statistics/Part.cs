namespace Arcanum.Federated.Statistics;

/// <summary>
/// A number about to be released: its value, the part of it no other release gives away, and how many
/// sites withheld their share of it.
/// </summary>
internal readonly record struct Part(double Value, double Private, int Sources)
{
    /// <summary>A site's own number: all of it private, nobody else's share in it.</summary>
    public static Part Own(double value) => new(value, value, 0);
}
