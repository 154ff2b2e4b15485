namespace Arcanum.Cases.Notes;

/// <summary>What <c>arcanum cases notes</c> reads and writes.</summary>
public sealed record CaseNotesOptions
{
    /// <summary>The cases CSV of <c>cases simulate</c>.</summary>
    public required string Cases { get; init; }

    /// <summary>The knowledge base the cases were simulated from.</summary>
    public required string KnowledgeBase { get; init; }

    /// <summary>
    /// A new or empty folder: one .txt per case, <see cref="CaseNotesRun.GoldFile"/> and
    /// <see cref="CaseNotesRun.ManifestFile"/>.
    /// </summary>
    public required string Output { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Write notes for the first this-many cases only; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Replace an earlier output of this command (recognised by its manifest).</summary>
    public bool Force { get; init; }
}
