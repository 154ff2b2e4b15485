using System.Text.RegularExpressions;
using Arcanum.Deid.Synthetic;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Finds the names a source note mentions, each mapped to a surrogate word: the patient from the metadata (not
/// its doctor_name, which holds misparses such as "scott good" from "doctor scott, good to see you"); words after
/// Dr./Mr./Mrs./Ms./Miss (the "Dr. X" placeholders too); "Anna Reyes is a 56-year-old";
/// "Ruth Sanchez, PA"; "his daughter, Hannah". <see cref="ExistingPhi"/> then replaces every mention of them.
/// </summary>
internal static partial class SourceNames
{
    public static Dictionary<string, string> Find(string text, SourceNote source, NoteIdentity id, NameSource names)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string original, string surrogate)
        {
            original = Capitalise(original);
            if (original.Length >= 1 && !map.ContainsKey(original)) map[original] = surrogate;
        }

        Add(source.PatientFirst, id.Patient.First);
        Add(source.PatientLast, id.Patient.Last);
        foreach (Match m in PatientIntro().Matches(text))
        {
            if (m.Groups[2].Success)
            {
                Add(m.Groups[1].Value, id.Patient.First);
                Add(m.Groups[2].Value, id.Patient.Last);
            }
            else Add(m.Groups[1].Value, id.Patient.First);
        }
        foreach (var pattern in new[] { Honorific(), Credential(), Relation() })
            foreach (Match m in pattern.Matches(text))
            {
                var (first, last) = names.Person(m.Value.Contains("Mrs", StringComparison.Ordinal));
                if (m.Groups[2].Success)
                {
                    Add(m.Groups[1].Value, first);
                    Add(m.Groups[2].Value, last);
                }
                else Add(m.Groups[1].Value, pattern == Relation() ? first : last);
            }
        return map;
    }

    private static string Capitalise(string word)
    {
        word = word.Trim();
        return word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
    }

    [GeneratedRegex(@"\b(?:Dr|Mr|Mrs|Ms|Miss)\.?[ ]+([A-Z][A-Za-z-]*[A-Za-z]|[A-Z])\b(?:[ ]+([A-Z][a-z]+)\b(?!'))?")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"\b([A-Z][a-z]+)[ ]+([A-Z][a-z]+),?[ ]+(?:PA-C|PA|NP|RN|MD|M\.D\.|DO|the trainer)\b")]
    private static partial Regex Credential();

    [GeneratedRegex(@"(?m)^([A-Z][a-z]+)(?:[ ]+([A-Z][a-z]+))?"
        + @"(?=[ ]+is an? (?:pleasant |very pleasant )?\d+-year-old)")]
    private static partial Regex PatientIntro();

    [GeneratedRegex(@"\b(?:wife|husband|son|daughter|mother|father|sister|brother|friend|partner|niece|nephew|"
        + @"grandson|granddaughter|caregiver|aunt|uncle|girlfriend|boyfriend),?[ ]+"
        + @"([A-Z][a-z]+)\b(?:[ ]+([A-Z][a-z]+)\b)?")]
    private static partial Regex Relation();
}
