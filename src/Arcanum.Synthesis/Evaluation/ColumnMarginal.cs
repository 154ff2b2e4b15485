using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// One column's distribution in the real and the synthetic table, ready to plot: shares of the present
/// (non-missing) values per bin (numbers, dates) or per level (categories).
/// </summary>
/// <param name="Column">The column name (user data: escape it when writing markup).</param>
/// <param name="Type">The real table's column type.</param>
/// <param name="Labels">One label per bar: a bin such as "120 – 130" or a level; "other (N levels)" gathers levels past the top ones.</param>
/// <param name="Edges">Histograms: the bin edges (one more than bars), in the column's units (days since 1970-01-01 for dates). Null for levels.</param>
/// <param name="Real">Share of the real table's present values per bar.</param>
/// <param name="Synthetic">Share of the synthetic table's present values per bar (a histogram's bars sum to less than 1 when synthetic values fall outside the real range).</param>
/// <param name="RealMissingShare">Share of real rows that are missing.</param>
/// <param name="SyntheticMissingShare">Share of synthetic rows that are missing.</param>
/// <param name="Note">What the bars leave out, when anything.</param>
public sealed record ColumnMarginal(
    string Column, ColumnType Type, IReadOnlyList<string> Labels, IReadOnlyList<double>? Edges,
    IReadOnlyList<double> Real, IReadOnlyList<double> Synthetic, double RealMissingShare, double SyntheticMissingShare, string? Note)
{
    public bool IsHistogram => Edges is not null;

    public override string ToString() => $"{Column} ({Type}, {Labels.Count} bars)";
}
