using System.Text;
using Arcanum.Deid.Text.Learned;

namespace Arcanum.Deid.Text;

/// <summary>
/// De-identifies free text: detects identifiers (<see cref="PhiDetector"/>) and writes <c>[TYPE]</c> or keyed
/// surrogates in their place. Surrogate mode needs the project key; dates move by one offset per patient, so
/// intervals within a patient's notes survive. Thread-safe.
/// </summary>
public sealed class TextDeidentifier : IFreeTextDeidentifier
{
    private readonly PhiDetector detector;
    private readonly SurrogateWriter? surrogates;

    /// <param name="mode">Redact or surrogate.</param>
    /// <param name="key">The project key; surrogate mode needs it.</param>
    /// <param name="tagger">A learned tagger to run beside the rules (see <see cref="PhiDetector"/>), or none.</param>
    public TextDeidentifier(TextDeidMode mode, byte[]? key = null, TokenTagger? tagger = null)
    {
        detector = new PhiDetector(tagger);
        if (mode == TextDeidMode.Surrogate && key is null)
            throw new DeidInputException("Surrogate mode needs the project key (--key-file). " + ProjectKey.HowToMake);
        if (key is not null && key.Length < ProjectKey.MinimumBytes)
            throw new DeidInputException($"The project key needs at least {ProjectKey.MinimumBytes} bytes. "
                + ProjectKey.HowToMake);
        Mode = mode;
        surrogates = mode == TextDeidMode.Surrogate ? new SurrogateWriter(key!) : null;
    }

    public TextDeidMode Mode { get; }

    public string Deidentify(string text, string patient) => Process(text, patient).Text;

    public TextDeidResult Process(string text, string patient)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(patient);
        var spans = detector.Detect(text);
        if (spans.Count == 0) return new TextDeidResult(text, spans);
        var shift = surrogates?.ShiftDays(patient) ?? 0;
        var output = new StringBuilder(text.Length + spans.Count * 4);
        var at = 0;
        foreach (var span in spans)
        {
            output.Append(text, at, span.Start - at);
            if (surrogates is null) output.Append('[').Append(PhiTypes.ToName(span.Type)).Append(']');
            else output.Append(surrogates.Replace(text[span.Start..span.End], span.Type, shift));
            at = span.End;
        }
        output.Append(text, at, text.Length - at);
        return new TextDeidResult(output.ToString(), spans);
    }
}
