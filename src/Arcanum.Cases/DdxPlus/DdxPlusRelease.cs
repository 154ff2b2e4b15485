using System.Globalization;
using System.Text.Json;

namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// One DDXPlus evidence: its question, whether it is an antecedent, its type (B, C, M), values, and the English
/// meaning of coded values (<c>V_14</c> "iliac wing(R)"; none for the 0-10 scales).
/// </summary>
public sealed record DdxPlusEvidence(string Id, string Question, string? Gate, bool IsAntecedent, char DataType,
    IReadOnlyList<string> Values, string? Default, IReadOnlyDictionary<string, string>? ValueLabels = null);

/// <summary>One DDXPlus pathology with the evidences that can occur with it (symptoms and antecedents).</summary>
public sealed record DdxPlusPathology(string Name, string? Icd10, int? Severity, IReadOnlyList<string> Evidences,
    IReadOnlyList<string> Aliases);

/// <summary>
/// release_conditions.json and release_evidences.json of DDXPlus (Fansi Tchango et al., NeurIPS 2022 Datasets and
/// Benchmarks): the structure of its knowledge base, without the frequencies, which were never published.
/// </summary>
public sealed record DdxPlusRelease(IReadOnlyList<DdxPlusPathology> Pathologies, IReadOnlyList<DdxPlusEvidence> Evidences)
{
    /// <summary>Each pathology's position by any of its names (English, French, the release's key); the first pathology wins a shared name.</summary>
    internal Dictionary<string, int> PathologyByName()
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var d = 0; d < Pathologies.Count; d++)
        {
            foreach (var alias in Pathologies[d].Aliases) byName.TryAdd(alias, d);
        }
        return byName;
    }

    /// <exception cref="CasesException">A file is missing or is not shaped as DDXPlus releases it.</exception>
    public static DdxPlusRelease Read(string folder)
    {
        var evidences = ReadJson(folder, "release_evidences.json", ParseEvidences);
        // Five evidences name a gating question (E_68, E_36, ...) the release does not contain: they are asked ungated.
        var ids = evidences.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        evidences = [.. evidences.Select(e => e.Gate is { } g && !ids.Contains(g) ? e with { Gate = null } : e)];
        var pathologies = ReadJson(folder, "release_conditions.json", ParsePathologies);
        var known = evidences.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var p in pathologies)
        {
            if (p.Evidences.FirstOrDefault(e => !known.Contains(e)) is { } unknown)
                throw new CasesException($"release_conditions.json: '{p.Name}' names evidence '{unknown}', which release_evidences.json does not have.");
        }
        return new DdxPlusRelease(pathologies, evidences);
    }

    private static T ReadJson<T>(string folder, string file, Func<JsonElement, T> parse)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) throw new CasesException($"'{folder}' is not a DDXPlus folder: {file} is missing.");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CasesException($"{file} is not in DDXPlus's format: {e.Message}", e);
        }
    }

    private static List<DdxPlusEvidence> ParseEvidences(JsonElement root) =>
        [.. root.EnumerateObject().Select(p =>
        {
            var e = p.Value;
            var id = e.GetProperty("name").GetString()!;
            var gate = e.TryGetProperty("code_question", out var q) ? q.GetString() : null;
            var values = e.TryGetProperty("possible-values", out var v) ? v.EnumerateArray().Select(Text).ToList() : [];
            var type = e.GetProperty("data_type").GetString() is { Length: 1 } t ? t[0] : throw new FormatException($"{id}: data_type is not B, C or M.");
            return new DdxPlusEvidence(id, e.TryGetProperty("question_en", out var en) ? en.GetString() ?? "" : "",
                gate == id ? null : gate, e.TryGetProperty("is_antecedent", out var a) && a.GetBoolean(), type, values,
                e.TryGetProperty("default_value", out var d) ? Text(d) : null, Meanings(e, values));
        })];

    /// <summary>value_meaning's English text of each listed value that has one; DDXPlus's Y and N read yes and no.</summary>
    private static Dictionary<string, string>? Meanings(JsonElement evidence, List<string> values)
    {
        if (!evidence.TryGetProperty("value_meaning", out var meanings) || meanings.ValueKind != JsonValueKind.Object)
            return null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in meanings.EnumerateObject())
        {
            if (values.Contains(m.Name) && m.Value.ValueKind == JsonValueKind.Object
                && m.Value.TryGetProperty("en", out var en) && en.GetString() is { Length: > 0 } text && text != m.Name)
                labels[m.Name] = text switch { "Y" => "yes", "N" => "no", _ => text };
        }
        return labels.Count > 0 ? labels : null;
    }

    private static List<DdxPlusPathology> ParsePathologies(JsonElement root) =>
        [.. root.EnumerateObject().Select(p =>
        {
            var c = p.Value;
            var evidences = new List<string>();
            foreach (var group in new[] { "symptoms", "antecedents" })
            {
                if (c.TryGetProperty(group, out var g)) evidences.AddRange(g.EnumerateObject().Select(x => x.Name));
            }
            var name = c.TryGetProperty("cond-name-eng", out var en) ? en.GetString()! : p.Name;
            var aliases = new[] { p.Name, name, c.TryGetProperty("cond-name-fr", out var fr) ? fr.GetString() : null,
                c.TryGetProperty("condition_name", out var cn) ? cn.GetString() : null }
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return new DdxPlusPathology(name, c.TryGetProperty("icd10-id", out var icd) ? icd.GetString() : null,
                c.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
                evidences.Distinct(StringComparer.Ordinal).ToList(), aliases);
        })];

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ToString(),
    };

    internal static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
