using System.Collections.Frozen;
using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>How <see cref="CsvTableReader"/> reads a file. The defaults suit the bundled datasets.</summary>
public sealed record CsvReadOptions
{
    /// <summary>Tokens that mean "missing" (after trimming, case-sensitive). An empty cell is always missing.</summary>
    public static readonly IReadOnlySet<string> DefaultMissingTokens =
        new[] { "", "NA", "N/A", "NaN", "null", "NULL", "?", "." }.ToFrozenSet(StringComparer.Ordinal);

    public static CsvReadOptions Default { get; } = new();

    /// <summary>The field delimiter; null detects it among , ; tab and | from the first lines.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Types to use instead of the inferred ones, by column name. Forcing a number type on text fails with the line at fault.</summary>
    public IReadOnlyDictionary<string, ColumnType> TypeOverrides { get; init; } = new Dictionary<string, ColumnType>();

    public IReadOnlySet<string> MissingTokens { get; init; } = DefaultMissingTokens;

    /// <summary>Columns where a number equal to 0 means "not measured" (Pima's glucose, insulin...): read as missing.</summary>
    public IReadOnlySet<string> ZeroMeansMissing { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (Delimiter is { } d && (d is '"' or '\r' or '\n' || d > 127))
            throw new ArgumentException($"Delimiter '{d}' cannot be used: pick an ASCII character other than a quote or a line break (usually , ; tab or |).");
        if (TypeOverrides is null) throw new ArgumentException("TypeOverrides cannot be null; use an empty dictionary.");
        if (MissingTokens is null) throw new ArgumentException("MissingTokens cannot be null; use an empty set.");
        if (ZeroMeansMissing is null) throw new ArgumentException("ZeroMeansMissing cannot be null; use an empty set.");
        foreach (var (name, type) in TypeOverrides)
        {
            if (!Enum.IsDefined(type)) throw new ArgumentException($"Type override for column '{name}' is not a column type: {(int)type}.");
        }
    }
}
