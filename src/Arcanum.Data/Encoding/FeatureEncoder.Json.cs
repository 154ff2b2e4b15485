using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arcanum.Data.Encoding;

public sealed partial class FeatureEncoder
{
    /// <summary>Identifies the file format; bump when the meaning of a field changes.</summary>
    public const string FormatName = "arcanum.feature-encoder/1";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Human-readable JSON that <see cref="FromJson"/> reads back to an identical encoder (doubles round-trip exactly).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Document(FormatName, Columns.ToArray()), JsonOptions);

    /// <exception cref="FormatException">Not an encoder file, or one with invalid settings.</exception>
    public static FeatureEncoder FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a feature encoder file: {e.Message}", e);
        }
        if (doc is null || doc.Format != FormatName)
            throw new FormatException($"Not a feature encoder file: expected format \"{FormatName}\", found \"{doc?.Format}\".");
        if (doc.Columns is null || doc.Columns.Length == 0) throw new FormatException("Feature encoder file lists no columns.");
        foreach (var c in doc.Columns)
        {
            if (string.IsNullOrWhiteSpace(c.Name)) throw new FormatException("Feature encoder file has a column without a name.");
            if (!(c.Std > 0) || !double.IsFinite(c.Mean)) throw new FormatException($"Feature encoder column '{c.Name}' has an invalid mean or std.");
            if (c.Levels is null || (c.Encoding == EncodingKind.Binary && c.Levels.Count > 1))
                throw new FormatException($"Feature encoder column '{c.Name}' has invalid levels.");
        }
        if (doc.Columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup)
            throw new FormatException($"Feature encoder file lists column '{dup.Key}' twice.");
        return new FeatureEncoder(doc.Columns);
    }

    private sealed record Document(string Format, EncodedColumn[] Columns);
}
