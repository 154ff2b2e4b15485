using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>
/// A public clinical table shipped in the <c>data/</c> folder next to the binaries, with what a
/// learning task on it needs: the target, the positive class, the columns to leave out (identifiers,
/// follow-up times that reveal the outcome) and, where the data has one, a real site column.
/// </summary>
public sealed record BundledDataset(
    string Name,
    string FileName,
    string Description,
    string Target,
    string? Positive,
    string? SiteColumn,
    string[] Exclude,
    string Citation,
    string Licence)
{
    /// <summary>What the positive target value means, in a clinician's words (e.g. "death" for pbc3's status 2); null when the value says it.</summary>
    public string? PositiveLabel { get; init; }

    /// <summary>What every other target value means together (e.g. "alive/censored"); null when unknown.</summary>
    public string? NegativeLabel { get; init; }

    /// <summary>Columns where a recorded 0 means "not measured" (read as missing).</summary>
    public string[] ZeroMeansMissing { get; init; } = [];

    /// <summary>The options <see cref="Load"/> reads the file with.</summary>
    public CsvReadOptions ReadOptions => CsvReadOptions.Default with { ZeroMeansMissing = ZeroMeansMissing.ToHashSet(StringComparer.Ordinal) };

    /// <summary>The file's path under <see cref="AppContext.BaseDirectory"/>/data.</summary>
    /// <exception cref="FileNotFoundException">The file was not copied next to the program.</exception>
    public string ResolvePath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Bundled dataset '{Name}' should be at {path}, but it is not there. It is copied next to programs that reference Arcanum.Data; rebuild, or read the CSV from its own path.", path);
        return path;
    }

    public DataTable Load() => CsvTableReader.Read(ResolvePath(), ReadOptions);

    /// <summary>
    /// The default features: every column except the target, identifiers, <see cref="Exclude"/> and the
    /// <see cref="SiteColumn"/> (a hospital number is not a patient measurement, and is constant within a site).
    /// </summary>
    public IReadOnlyList<string> FeatureColumns(DataTable table) =>
        Encoding.FeatureColumns.Default(table, Target, SiteColumn is null ? Exclude : [.. Exclude, SiteColumn]);

    public override string ToString() => $"{Name} ({FileName}, target '{Target}')";
}
