namespace Arcanum.Dicom.Tests.Support;

/// <summary>A data set as text (tag, VR, value bytes in hex, nested items indented), for comparing whole
/// files.</summary>
internal static class Dump
{
    public static string Of(DicomDataset set, int depth = 0)
    {
        var lines = new List<string>();
        var pad = new string(' ', depth * 2);
        foreach (var e in set.Elements)
        {
            if (e.Items is { } items)
            {
                lines.Add($"{pad}{e.Tag} SQ {items.Count}");
                foreach (var item in items) lines.Add($"{pad} item\n{Of(item, depth + 1)}");
            }
            else if (e.Fragments is { } fragments)
            {
                lines.Add($"{pad}{e.Tag} {e.Vr} {string.Join('|', fragments.Select(f => Convert.ToHexString(f.Span)))}");
            }
            else
            {
                lines.Add($"{pad}{e.Tag} {e.Vr} {Convert.ToHexString(e.Value.Span)}");
            }
        }
        return string.Join('\n', lines);
    }
}
