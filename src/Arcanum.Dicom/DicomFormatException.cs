namespace Arcanum.Dicom;

/// <summary>A file that is not DICOM Part 10, is truncated, or uses an encoding this reader refuses.</summary>
public sealed class DicomFormatException : DicomException
{
    public DicomFormatException(string file, long offset, DicomTag? tag, string problem)
        : base(Describe(file, offset, tag, problem))
    {
        File = file;
        Offset = offset;
        Tag = tag;
    }

    public string File { get; }

    public long Offset { get; }

    public DicomTag? Tag { get; }

    private static string Describe(string file, long offset, DicomTag? tag, string problem) =>
        tag is { } t ? $"{file}: {problem} (at byte offset {offset}, tag {t})."
            : $"{file}: {problem} (at byte offset {offset}).";
}
