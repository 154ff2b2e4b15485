using System.Text.Json;
using System.Text.Json.Serialization;
using Arcanum.Core.IO;

namespace Arcanum.Cases.Knowledge;

/// <summary>Reads and writes knowledge-base JSON; a read is validated, a write never leaves half a file.</summary>
public static class KnowledgeBaseFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <exception cref="CasesException">The file is not JSON, misses a required field, or does not validate.</exception>
    public static KnowledgeBase Read(string path)
    {
        if (!File.Exists(path)) throw new CasesException($"Knowledge base '{path}' does not exist.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <exception cref="CasesException">As <see cref="Read"/>.</exception>
    public static KnowledgeBase Parse(string json, string name = "the knowledge base")
    {
        KnowledgeBase? kb;
        try
        {
            kb = JsonSerializer.Deserialize<KnowledgeBase>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new CasesException($"{name} is not a knowledge base{where}: {e.Message}", e);
        }
        if (kb is null) throw new CasesException($"{name} is empty (null).");
        KnowledgeBaseValidator.Validate(kb);
        return kb;
    }

    public static string ToJson(KnowledgeBase kb) => JsonSerializer.Serialize(kb, Options);

    /// <summary>Validates, then writes to a temporary file beside <paramref name="path"/> and moves it into place.</summary>
    public static void Write(KnowledgeBase kb, string path)
    {
        KnowledgeBaseValidator.Validate(kb);
        AtomicFile.WriteAllText(path, ToJson(kb));
    }
}
