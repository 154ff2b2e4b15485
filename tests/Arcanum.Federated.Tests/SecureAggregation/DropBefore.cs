namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>The step before which a site stops answering, in a <see cref="SecAggHarness"/> round.</summary>
public enum DropBefore { AdvertiseKeys, ShareKeys, MaskedInput, Unmask }
