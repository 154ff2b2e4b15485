namespace Arcanum.Risk.Reports;

/// <summary>
/// A transformation of a table (de-identification) judged by its re-identification risk before and after: the
/// input to <see cref="RiskHtml.Render(BeforeAfterReport)"/>. Holds text and counts only, never a value.
/// </summary>
public sealed record BeforeAfterReport
{
    public required string Title { get; init; }

    /// <summary>Opening paragraphs, plain text.</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>What was done, e.g. one row per column with counts.</summary>
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    /// <summary>Risk of the input on its quasi-identifiers; null when not measured.</summary>
    public RiskReport? Before { get; init; }

    /// <summary>Risk of the output on the quasi-identifiers it still holds; null when not measured.</summary>
    public RiskReport? After { get; init; }

    /// <summary>Why risk was not measured, or a caveat about how it was; plain text.</summary>
    public string? RiskNote { get; init; }
}
