namespace Arcanum.Federated.Algorithms;

/// <summary>The lower-case names users type for each <see cref="AlgorithmKind"/> (fedavg, fedprox, …).</summary>
public static class AlgorithmKindNames
{
    private static readonly (string Name, AlgorithmKind Kind)[] Table =
    [
        ("fedavg", AlgorithmKind.FedAvg),
        ("fedprox", AlgorithmKind.FedProx),
        ("fedadam", AlgorithmKind.FedAdam),
        ("fedyogi", AlgorithmKind.FedYogi),
        ("fedadagrad", AlgorithmKind.FedAdagrad),
        ("fedavgm", AlgorithmKind.FedAvgM),
        ("scaffold", AlgorithmKind.Scaffold),
    ];

    /// <summary>Every valid name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The CLI name of <paramref name="kind"/>, e.g. "fedadam".</summary>
    public static string ToName(AlgorithmKind kind)
    {
        foreach (var (name, k) in Table)
        {
            if (k == kind) return name;
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown algorithm kind.");
    }

    /// <summary>Parses a CLI name (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(string? name, out AlgorithmKind kind)
    {
        var trimmed = name?.Trim();
        foreach (var (n, k) in Table)
        {
            if (string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Parses a CLI name or throws a message that lists the valid names.</summary>
    public static AlgorithmKind Parse(string? name) =>
        TryParse(name, out var kind)
            ? kind
            : throw new ArgumentException($"Unknown algorithm '{name}'. Valid algorithms: {string.Join(", ", All)}.", nameof(name));
}
