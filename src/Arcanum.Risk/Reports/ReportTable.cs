namespace Arcanum.Risk.Reports;

/// <summary>A table of plain text (counts, column names; never a value from the data) for a report page.</summary>
/// <param name="Heading">The section heading above it.</param>
/// <param name="Header">Column headings.</param>
/// <param name="Rows">Cells as plain text; the page encodes them.</param>
/// <param name="Note">A line of small print below it, or null.</param>
public sealed record ReportTable(
    string Heading,
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    string? Note = null);
