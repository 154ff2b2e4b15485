using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// Every algorithm Arcanum runs, one registration line each. Names, job validation, CLI help and
/// the factories all come from here, so adding an algorithm is its strategy files plus one line.
/// </summary>
public static class AlgorithmRegistry
{
    /// <summary>Every algorithm, in the order help texts list them.</summary>
    public static IReadOnlyList<Algorithm> All { get; } =
    [
        new("fedavg", "sample-weighted model averaging (McMahan et al. 2017)", 1.0, _ => new FedAvgServer("fedavg", 0), () => new FedAvgClient()),
        new("fedprox", "FedAvg with a proximal term mu in the local loss (Li et al. 2020)", 1.0, o => new FedAvgServer("fedprox", o.ProximalMu), () => new FedAvgClient()),
        new("fedadam", "adaptive server optimizer, Adam form (Reddi et al. 2021)", 0.1, o => FedOptServer.Create(FedOptVariant.Adam, o), () => new FedAvgClient()),
        new("fedyogi", "adaptive server optimizer, Yogi form (Reddi et al. 2021)", 0.1, o => FedOptServer.Create(FedOptVariant.Yogi, o), () => new FedAvgClient()),
        new("fedadagrad", "adaptive server optimizer, Adagrad form (Reddi et al. 2021)", 0.1, o => FedOptServer.Create(FedOptVariant.Adagrad, o), () => new FedAvgClient()),
        new("fedavgm", "FedAvg with server momentum (Hsu et al. 2019)", 1.0, o => new FedAvgMServer((float)o.EffectiveServerLearningRate, (float)o.ServerMomentum), () => new FedAvgClient()),
        new("scaffold", "control variates against client drift (Karimireddy et al. 2020)", 1.0, o => new ScaffoldServer((float)o.EffectiveServerLearningRate), () => new ScaffoldClient(),
            SecureAggregation: false),
    ];

    /// <summary>Every valid name, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>Finds an algorithm by name (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryFind(string? name, out Algorithm algorithm)
    {
        var trimmed = name?.Trim();
        algorithm = All.FirstOrDefault(a => string.Equals(a.Name, trimmed, StringComparison.OrdinalIgnoreCase))!;
        return algorithm is not null;
    }

    /// <summary>Finds an algorithm by name or throws a message that lists the valid names and the nearest one.</summary>
    public static Algorithm Find(string? name) =>
        TryFind(name, out var algorithm)
            ? algorithm
            : throw new ArgumentException($"Unknown algorithm '{name}'. Valid algorithms: {string.Join(", ", Names)}.{NearestName.Suggestion(name ?? "", Names)}", nameof(name));

    /// <summary>A new server strategy with fresh state (validates <paramref name="options"/>).</summary>
    public static IServerStrategy CreateServer(AlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Find(options.Algorithm).Server(options);
    }

    /// <summary>A new site strategy with fresh state; one per site (validates <paramref name="options"/>).</summary>
    public static IClientStrategy CreateClient(AlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Find(options.Algorithm).Client();
    }
}
