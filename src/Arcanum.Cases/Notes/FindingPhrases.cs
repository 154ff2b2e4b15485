using System.Text.RegularExpressions;
using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Notes;

/// <summary>
/// A finding's question turned into what a note says of the patient: "Do you have a fever?" becomes "has a fever"
/// or "does not have a fever", "Have you ever had X?" "has had X" or "has never had X", "Do you smoke?" "smokes" or
/// "does not smoke", with "you"/"your" in the third person. A question of another shape is quoted with its answer,
/// and a finding without a question is named by its id, so every finding can be written.
/// </summary>
internal static partial class FindingPhrases
{
    /// <summary>The verb phrases for present and absent, to follow a subject ("She", "Ms. Varlow").</summary>
    public static (string Yes, string No) Binary(Finding finding, bool female)
    {
        if (finding.Question is not { Length: > 0 } question)
        {
            var name = Readable(finding.Id);
            return ($"is positive for {name}", $"is negative for {name}");
        }
        var q = question.Trim().TrimEnd('?', ':', ' ');
        if (Match(HaveQuestion(), q) is { } have)
        {
            // "Do you have any X?" is answered "has X", "does not have any X".
            var rest = Third(have, female);
            var some = rest.StartsWith("any ", StringComparison.Ordinal) ? rest[4..] : rest;
            return ($"has {some}", $"does not have {rest}");
        }
        if (PerfectQuestion().Match(q) is { Success: true } perfect)
        {
            var rest = Third(perfect.Groups[2].Value, female);
            return ($"has {rest}", perfect.Groups[1].Success ? $"has never {rest}" : $"has not {rest}");
        }
        if (Match(AreQuestion(), q) is { } are) return ($"is {Third(are, female)}", $"is not {Third(are, female)}");
        if (Match(WereQuestion(), q) is { } were)
            return ($"was {Third(were, female)}", $"was not {Third(were, female)}");
        if (Match(DidQuestion(), q) is { } did) return ($"did {Third(did, female)}", $"did not {Third(did, female)}");
        if (DoQuestion().Match(q) is { Success: true } doing)
        {
            var (adverb, verb) = (doing.Groups[1].Value, doing.Groups[2].Value);
            var rest = Third(doing.Groups[3].Value, female);
            return ($"{adverb}{Conjugate(verb)}{rest}", $"does not {adverb}{verb}{rest}");
        }
        return ($"answers yes to \"{question.Trim()}\"", $"answers no to \"{question.Trim()}\"");
    }

    /// <summary>A categorical or multi-choice finding's question, as asked ("How intense is the pain?").</summary>
    public static string Question(Finding finding) =>
        finding.Question is { Length: > 0 } q ? q.Trim().TrimEnd(':', ' ') : Readable(finding.Id) + "?";

    /// <summary>The answers as a note writes them: labels where the knowledge base has them, in a list.</summary>
    public static string Answers(Finding finding, IReadOnlyList<string> values) =>
        Join([.. values.Select(v => finding.ValueLabels?.TryGetValue(v, out var label) == true ? label : v)]);

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    private static string? Match(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// "you" and "your" in the third person; "you are" and the like with their verb, and a second question joined by
    /// "or" inverted alike ("... or do you take medications" to "... or does she take medications").
    /// </summary>
    internal static string Third(string text, bool female)
    {
        var (subject, obj, possessive, self) =
            female ? ("she", "her", "her", "herself") : ("he", "him", "his", "himself");
        return YouWord().Replace(text, m =>
        {
            var word = m.Value.ToLowerInvariant();
            if (m.Groups["verb"].Success)
                return $"{m.Groups["joint"].Value} {subject} {Present(m.Groups["verb"].Value)}";
            return word switch
            {
                "do you" => $"does {subject}",
                "did you" => $"did {subject}",
                "are you" => $"is {subject}",
                "have you" => $"has {subject}",
                "you are" => $"{subject} is",
                "you were" => $"{subject} was",
                "you have" => $"{subject} has",
                "you feel" => $"{subject} feels",
                "your" => possessive,
                "yours" => female ? "hers" : "his",
                "yourself" => self,
                _ => obj,
            };
        });
    }

    /// <summary>A verb after "she" or "he": are, is; were, was; modals and "did" unchanged; else conjugated.</summary>
    private static string Present(string verb) => verb.ToLowerInvariant() switch
    {
        "are" => "is",
        "were" => "was",
        "do" => "does",
        "can" or "could" or "will" or "would" or "should" or "may" or "might" or "must" or "did" => verb,
        _ => Conjugate(verb),
    };

    /// <summary>The third person singular of a verb: smoke, smokes; wash, washes; carry, carries; have, has.</summary>
    internal static string Conjugate(string verb)
    {
        if (verb.Equals("have", StringComparison.OrdinalIgnoreCase)) return "has";
        if (verb.Length > 1 && verb[^1] == 'y' && !"aeiou".Contains(verb[^2], StringComparison.Ordinal))
            return verb[..^1] + "ies";
        var sibilant = verb.EndsWith("sh", StringComparison.Ordinal) || verb.EndsWith("ch", StringComparison.Ordinal);
        var hissing = sibilant || (verb.Length > 0 && "sxzo".Contains(verb[^1], StringComparison.Ordinal));
        return hissing ? verb + "es" : verb + "s";
    }

    private static string Readable(string id) => id.Replace('_', ' ');

    [GeneratedRegex(@"^Do you (?:currently )?have (.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex HaveQuestion();

    [GeneratedRegex(@"^Have you (ever )?(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PerfectQuestion();

    [GeneratedRegex(@"^Are you (.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex AreQuestion();

    [GeneratedRegex(@"^Were you (.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WereQuestion();

    [GeneratedRegex(@"^Did you (.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DidQuestion();

    // The verb may follow an adverb ("Do you constantly feel"); an adverb before a comma ("Do you currently, or did
    // you ever, have") is no verb, so such a question is quoted instead.
    [GeneratedRegex(@"^Do you ((?:[a-z]+ly )?)([a-z]+)\b(?!,)(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex DoQuestion();

    [GeneratedRegex(@"\b(?<joint>when|if|that|where|while|because|since) you (?<verb>[a-z]+)\b"
        + @"|\b(?:do|did|are|have) you\b|\byou (?:are|were|have|feel)\b|\byour(?:self|s)?\b|\byou\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex YouWord();
}
