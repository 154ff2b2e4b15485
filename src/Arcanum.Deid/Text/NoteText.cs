using System.Text;

namespace Arcanum.Deid.Text;

/// <summary>
/// Strict decoding of a note file: valid UTF-8 (a BOM is dropped) without NUL bytes, or an error naming the file.
/// A binary file de-identified as text could leak whatever the detectors cannot read.
/// </summary>
internal static class NoteText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes, string name)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw new DeidInputException($"'{name}' is not a text file (it holds NUL bytes); nothing was written.");
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(Encoding.UTF8.Preamble)) span = span[3..];
            return Strict.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new DeidInputException($"'{name}' is not valid UTF-8 text; nothing was written.");
        }
    }

    /// <summary>A strict UTF-8 reader for JSONL input; invalid bytes throw a DecoderFallbackException.</summary>
    public static StreamReader Reader(string path) => new(path, Strict, detectEncodingFromByteOrderMarks: true);
}
