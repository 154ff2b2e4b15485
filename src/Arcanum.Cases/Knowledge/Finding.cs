namespace Arcanum.Cases.Knowledge;

/// <summary>What a finding is about: the learned models can be given one kind, the other, or both.</summary>
public enum FindingKind { Symptom, Sign, History, Antecedent }

/// <summary>Binary: present or absent. Categorical: when present, exactly one of its values. Multi: one or more.</summary>
public enum FindingType { Binary, Categorical, Multi }

/// <summary>
/// Something a case can have: a symptom, sign, history item or antecedent. <see cref="Gate"/> names the finding
/// whose question must be answered yes before this one is asked (pain before pain location); for a disease that
/// does not list the gate, the finding is asked of every patient (DDXPlus behaves so).
/// </summary>
public sealed record Finding
{
    public required string Id { get; init; }

    public FindingKind Kind { get; init; } = FindingKind.Symptom;

    public FindingType Type { get; init; } = FindingType.Binary;

    public string? Question { get; init; }

    public string? Gate { get; init; }

    /// <summary>The possible answers of a categorical or multi-choice finding; null for a binary one.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>
    /// Readable text of values whose name is a code (DDXPlus's <c>V_14</c> is "iliac wing(R)"), for notes written
    /// from cases; a value without one is written as it is named. Informative only.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ValueLabels { get; init; }

    /// <summary>The answer that means "nothing" (DDXPlus lists it like any other); informative only.</summary>
    public string? Default { get; init; }
}
