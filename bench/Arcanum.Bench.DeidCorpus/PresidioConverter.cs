using System.Text.Json;
using Arcanum.Deid;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Converts Presidio's synthetic PII set (general, non-clinical sentences) to notes and gold spans. Entity types
/// map to <see cref="PhiType"/>; what Safe Harbor does not ask to remove goes to a separate not-scored list:
/// ORGANIZATION, TITLE, NRP, GPE (mostly countries and nationalities: "Estonia", "Greenlander"), ages under 90,
/// and DATE_TIME values that are a year or a weekday alone. Presidio counts offsets in code points; they are
/// converted to UTF-16 offsets here.
/// </summary>
internal static class PresidioConverter
{
    public static readonly IReadOnlyDictionary<string, PhiType> Mapping = new Dictionary<string, PhiType>
    {
        ["PERSON"] = PhiType.Name,
        ["STREET_ADDRESS"] = PhiType.Location,
        ["LOCATION"] = PhiType.Location,
        ["DATE_TIME"] = PhiType.Date,
        ["PHONE_NUMBER"] = PhiType.Phone,
        ["AGE"] = PhiType.Age,
        ["EMAIL_ADDRESS"] = PhiType.Email,
        ["ZIP_CODE"] = PhiType.Zip,
        ["DOMAIN_NAME"] = PhiType.Url,
        ["URL"] = PhiType.Url,
        ["IP_ADDRESS"] = PhiType.IpAddress,
        ["US_SSN"] = PhiType.Ssn,
        ["CREDIT_CARD"] = PhiType.Account,
        ["IBAN_CODE"] = PhiType.Account,
        ["US_BANK_NUMBER"] = PhiType.Account,
        ["US_DRIVER_LICENSE"] = PhiType.License,
        ["MEDICAL_LICENSE"] = PhiType.License,
        ["US_PASSPORT"] = PhiType.Id,
    };

    private static readonly string[] Weekdays =
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The type to score <paramref name="value"/> as, or null when Safe Harbor lets it stay.</summary>
    public static PhiType? Classify(string entity, string value)
    {
        if (!Mapping.TryGetValue(entity, out var type)) return null;
        var trimmed = value.Trim();
        if (type == PhiType.Age && int.TryParse(trimmed, out var age) && age < 90) return null;
        if (type == PhiType.Date && (trimmed.Length == 4 && trimmed.All(char.IsAsciiDigit)
                || Weekdays.Any(d => trimmed.Equals(d, StringComparison.OrdinalIgnoreCase))))
            return null;
        return type;
    }

    public sealed record Document(string File, string Text, IReadOnlyList<SpanRecord> Spans,
        IReadOnlyList<(int Start, int End, string Entity)> Unscored);

    public static IEnumerable<Document> Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var index = 0;
        foreach (var record in json.RootElement.EnumerateArray())
        {
            var file = $"presidio-{index++:D4}.txt";
            var text = record.GetProperty("full_text").GetString() ?? "";
            var utf16 = Utf16Offsets(text);
            var spans = new List<SpanRecord>();
            var unscored = new List<(int, int, string)>();
            foreach (var span in record.GetProperty("spans").EnumerateArray())
            {
                var entity = span.GetProperty("entity_type").GetString()!;
                var start = utf16[span.GetProperty("start_position").GetInt32()];
                var end = utf16[span.GetProperty("end_position").GetInt32()];
                if (end <= start) continue;
                if (Classify(entity, text[start..end]) is { } type) spans.Add(new SpanRecord(file, start, end, type));
                else unscored.Add((start, end, entity));
            }
            yield return new Document(file, text, [.. spans.OrderBy(s => s.Start)], unscored);
        }
    }

    /// <summary>For each code-point index 0..n, the UTF-16 index where that code point starts.</summary>
    private static int[] Utf16Offsets(string text)
    {
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        offsets.Add(text.Length);
        return [.. offsets];
    }
}
