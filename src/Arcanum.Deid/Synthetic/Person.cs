namespace Arcanum.Deid.Synthetic;

/// <summary>A surrogate person in one note; names are drawn once so every mention of them agrees.</summary>
public sealed record Person(string First, string Last, bool Female)
{
    public string Full => $"{First} {Last}";

    public string Initials => $"{First[0]}.{Last[0]}.";

    public string Honorific(Random random) => Female ? (random.Next(3) == 0 ? "Mrs." : "Ms.") : "Mr.";
}
