namespace Arcanum.Core.Privacy;

/// <summary>The accountants a job can name, and a factory from that name.</summary>
public static class PrivacyAccountants
{
    /// <summary>Rényi DP (Opacus' "rdp"): fast, a few percent to ~15 % looser.</summary>
    public const string Rdp = "rdp";

    /// <summary>Privacy random variables (Opacus' default "prv"): tighter, an upper bound within ε_error.</summary>
    public const string Prv = "prv";

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Rdp, Prv];

    /// <summary>A fresh accountant for <paramref name="name"/> ("rdp" or "prv", case-insensitive), with default
    /// settings.</summary>
    public static IPrivacyAccountant Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            Rdp => new RdpAccountant(),
            Prv => new PrvAccountant(),
            _ => throw new ArgumentException($"Unknown privacy accountant '{name}'; use one of: " +
                $"{string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
