namespace Arcanum.Federated.Privacy;

/// <summary>A site would spend more privacy budget than the job allows; it stops taking part rather than exceed it.</summary>
public sealed class PrivacyBudgetException(string message) : Exception(message);
