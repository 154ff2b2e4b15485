using Arcanum.Risk;

namespace Arcanum.Deid.Tables;

/// <summary>The outcome of de-identifying one table: counts per column, risk before and after; never a value.</summary>
/// <param name="Input">The input file's name.</param>
/// <param name="Output">The output file's name.</param>
/// <param name="Policy">The policy file's name.</param>
/// <param name="Records">Records read and written.</param>
/// <param name="Columns">One entry per input column, in input order.</param>
/// <param name="RiskBefore">Risk of the input on the policy's quasi-identifiers; null when not measured.</param>
/// <param name="RiskAfter">Risk of the output on the quasi-identifiers it keeps; null when not measured.</param>
/// <param name="RiskNote">Why risk was not measured, or what the figures assume.</param>
public sealed record TableDeidResult(
    string Input,
    string Output,
    string Policy,
    int Records,
    IReadOnlyList<ColumnOutcome> Columns,
    RiskReport? RiskBefore,
    RiskReport? RiskAfter,
    string? RiskNote);
