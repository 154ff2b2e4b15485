namespace Arcanum.Deid.Evaluation;

/// <summary>When a predicted span counts as finding a gold span.</summary>
public enum MatchRule
{
    /// <summary>
    /// The spans share a character, whatever their types (the PhysioNet deid convention): what matters for privacy
    /// is that the identifier was touched, not its label or exact edges.
    /// </summary>
    Lenient,

    /// <summary>Same start and end, any type.</summary>
    Exact,

    /// <summary>Same start, end and type.</summary>
    ExactTyped,
}
