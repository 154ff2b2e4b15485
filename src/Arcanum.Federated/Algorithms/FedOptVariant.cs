namespace Arcanum.Federated.Algorithms;

/// <summary>How a FedOpt server updates its second moment v; the only line where they differ.</summary>
internal enum FedOptVariant
{
    Adagrad,
    Adam,
    Yogi,
}
