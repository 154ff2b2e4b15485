using Arcanum.Core.Learning;

namespace Arcanum.Federated.Simulation;

/// <summary>One site's encoded rows: what it trains on and what it keeps back for evaluation.</summary>
public sealed record SiteData(string Name, TensorDataset Train, TensorDataset Holdout)
{
    public override string ToString() => $"{Name} (train {Train.Count}, holdout {Holdout.Count})";
}
