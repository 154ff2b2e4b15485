namespace Arcanum.Dicom;

/// <summary>A (group, element) pair. Ordered as DICOM orders data elements: by group, then element.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);
    public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    public static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
    public static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    public static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    public static readonly DicomTag SeriesInstanceUid = new(0x0020, 0x000E);
    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    public static readonly DicomTag PatientId = new(0x0010, 0x0020);
    public static readonly DicomTag BurnedInAnnotation = new(0x0028, 0x0301);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>Odd groups belong to vendors (PS3.5 7.8); the profile removes them all.</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>(gggg,0000) group lengths are retired outside the meta group and go stale once values change.</summary>
    public bool IsGroupLength => Element == 0;

    public int CompareTo(DicomTag other) =>
        Group != other.Group ? Group.CompareTo(other.Group) : Element.CompareTo(other.Element);

    public override string ToString() => $"({Group:X4},{Element:X4})";
}
