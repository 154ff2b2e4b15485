using System.Text;

namespace Arcanum.Dicom;

/// <summary>A set of data elements kept in tag order, as DICOM requires them to be written.</summary>
public sealed class DicomDataset
{
    private readonly SortedDictionary<DicomTag, DicomElement> _elements = [];

    /// <summary>For a sequence item: whether the file gave it an undefined length (kept on writing).</summary>
    public bool UndefinedLength { get; init; }

    public IEnumerable<DicomElement> Elements => _elements.Values;

    public int Count => _elements.Count;

    public DicomElement? this[DicomTag tag] => _elements.GetValueOrDefault(tag);

    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag);

    /// <summary>Adds or replaces the element with the same tag.</summary>
    public void Set(DicomElement element) => _elements[element.Tag] = element;

    public bool Remove(DicomTag tag) => _elements.Remove(tag);

    /// <summary>The value as ASCII text without its padding, or null when absent. For UIDs, codes and dates.</summary>
    public string? GetAscii(DicomTag tag) =>
        this[tag] is { Items: null, Fragments: null } e ? DicomValues.Ascii(e.Value.Span) : null;

    /// <summary>Sets a text value, padded to even length as its VR requires.</summary>
    public void SetAscii(DicomTag tag, string vr, string value) =>
        Set(new DicomElement(tag, vr, DicomValues.Pad(Encoding.ASCII.GetBytes(value), vr)));

    public override string ToString() => $"DicomDataset [{Count} element(s)]";
}
