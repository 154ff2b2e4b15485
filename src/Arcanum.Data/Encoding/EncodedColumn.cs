using Arcanum.Data.Tables;

namespace Arcanum.Data.Encoding;

/// <summary>
/// The fitted encoding of one source column, as saved in the encoder's JSON.
/// <see cref="Levels"/>: for <see cref="EncodingKind.OneHot"/> the training levels in feature order;
/// for <see cref="EncodingKind.Binary"/> the level encoded as 1 (one element, or none when training had no values).
/// </summary>
public sealed record EncodedColumn
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    public required EncodingKind Encoding { get; init; }

    /// <summary>The training mean (standardise), or the training share of the 1-level (binary).</summary>
    public double Mean { get; init; }

    /// <summary>The training standard deviation, 1 when it was 0 (standardise only).</summary>
    public double Std { get; init; } = 1;

    /// <summary>Whether a <c>&lt;name&gt;_missing</c> 0/1 feature follows, because training had missing values.</summary>
    public bool MissingIndicator { get; init; }

    public IReadOnlyList<string> Levels { get; init; } = [];

    internal IEnumerable<string> FeatureNames()
    {
        if (Encoding == EncodingKind.Standardise) yield return Name;
        else
        {
            foreach (var level in Levels) yield return $"{Name}={level}";
        }
        if (MissingIndicator) yield return $"{Name}_missing";
    }

    internal int FeatureCount => (Encoding == EncodingKind.Standardise ? 1 : Levels.Count) + (MissingIndicator ? 1 : 0);
}
