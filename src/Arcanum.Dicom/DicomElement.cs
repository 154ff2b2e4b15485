namespace Arcanum.Dicom;

/// <summary>
/// One data element as stored: raw value bytes (never decoded, so nothing is lost on the way through), or the
/// items of a sequence, or the fragments of encapsulated pixel data. <see cref="ToString"/> shows no value: values
/// may be patient data.
/// </summary>
public sealed class DicomElement
{
    public DicomElement(DicomTag tag, string vr, ReadOnlyMemory<byte> value)
    {
        Tag = tag;
        Vr = vr;
        Value = value;
    }

    public DicomTag Tag { get; }

    /// <summary>The value representation; "UN" when an implicit-VR file leaves it unknown to this reader.</summary>
    public string Vr { get; }

    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The items when this is a sequence (SQ), else null.</summary>
    public List<DicomDataset>? Items { get; private init; }

    /// <summary>The fragments (the basic offset table first) when this is encapsulated pixel data, else null.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Fragments { get; private init; }

    /// <summary>Whether the file gave this sequence an undefined length; the writer keeps the form it found.</summary>
    public bool UndefinedLength { get; private init; }

    public static DicomElement Sequence(DicomTag tag, List<DicomDataset> items, bool undefinedLength) =>
        new(tag, "SQ", ReadOnlyMemory<byte>.Empty) { Items = items, UndefinedLength = undefinedLength };

    public static DicomElement Encapsulated(DicomTag tag, string vr, IReadOnlyList<ReadOnlyMemory<byte>> fragments) =>
        new(tag, vr, ReadOnlyMemory<byte>.Empty) { Fragments = fragments, UndefinedLength = true };

    public override string ToString() =>
        Items is not null ? $"{Tag} SQ [{Items.Count} item(s)]"
        : Fragments is not null ? $"{Tag} {Vr} [{Fragments.Count} fragment(s)]"
        : $"{Tag} {Vr} [{Value.Length} bytes]";
}
