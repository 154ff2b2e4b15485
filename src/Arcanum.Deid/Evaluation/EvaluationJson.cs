using System.Text;
using System.Text.Json;

namespace Arcanum.Deid.Evaluation;

/// <summary>
/// An <see cref="EvaluationResult"/> as JSON for scripts and dashboards: for overall, each category and each type,
/// the three match rules' recall/precision/F1 with their counts, and character recall. Undefined ratios are null.
/// </summary>
public static class EvaluationJson
{
    public static string Format(EvaluationResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("goldDocuments", result.GoldDocuments);
            Strings(json, "unpredictedDocuments", result.UnpredictedDocuments);
            Strings(json, "unknownDocuments", result.UnknownDocuments);
            json.WritePropertyName("overall");
            Row(json, result, r => r.Overall, c => c.Overall);
            json.WriteStartObject("byCategory");
            foreach (var category in Enum.GetValues<PhiCategory>())
            {
                json.WritePropertyName(category.ToString().ToLowerInvariant());
                Row(json, result, r => r.ByCategory[category], c => c.ByCategory[category]);
            }
            json.WriteEndObject();
            json.WriteStartObject("byType");
            foreach (var type in PhiTypes.All)
            {
                json.WritePropertyName(PhiTypes.ToName(type));
                Row(json, result, r => r.ByType[type], c => c.ByType[type]);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Row(Utf8JsonWriter json, EvaluationResult result, Func<Breakdown<Score>, Score> pick,
        Func<Breakdown<CharacterCoverage>, CharacterCoverage> pickCharacters)
    {
        json.WriteStartObject();
        foreach (var rule in Enum.GetValues<MatchRule>())
        {
            var score = pick(result.For(rule));
            json.WriteStartObject(char.ToLowerInvariant(rule.ToString()[0]) + rule.ToString()[1..]);
            Ratio(json, "recall", score.Recall);
            Ratio(json, "precision", score.Precision);
            Ratio(json, "f1", score.F1);
            json.WriteNumber("found", score.Found);
            json.WriteNumber("gold", score.Gold);
            json.WriteNumber("correct", score.Correct);
            json.WriteNumber("predicted", score.Predicted);
            json.WriteEndObject();
        }
        var characters = pickCharacters(result.Characters);
        json.WriteStartObject("characters");
        Ratio(json, "recall", characters.Recall);
        json.WriteNumber("covered", characters.Covered);
        json.WriteNumber("total", characters.Total);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Ratio(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, Math.Round(v, 6));
        else json.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
