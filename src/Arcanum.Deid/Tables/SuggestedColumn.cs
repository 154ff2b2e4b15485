namespace Arcanum.Deid.Tables;

/// <summary>A suggested treatment and why it was chosen, in words that never quote a value.</summary>
public sealed record SuggestedColumn(ColumnPolicy Policy, string Reason);
