using System.Buffers.Binary;
using System.Text;

namespace Arcanum.Dicom;

/// <summary>
/// Writes a Part 10 file: a zeroed preamble (the original one may hold anything), "DICM", the meta group with a
/// fresh group length, and the data set in the file's transfer syntax. Sequences and items keep the length form
/// they were read with; defined lengths are recomputed. Pixel data fragments are written back byte for byte.
/// </summary>
public static class DicomWriter
{
    private static readonly DicomTag MetaGroupLength = new(0x0002, 0x0000);

    public static void Write(DicomFile file, string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        Write(file, stream);
    }

    public static void Write(DicomFile file, Stream stream)
    {
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        using var meta = new MemoryStream();
        foreach (var element in file.Meta.Elements.Where(e => e.Tag != MetaGroupLength))
            WriteElement(meta, element, explicitVr: true);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, checked((uint)meta.Length));
        WriteElement(stream, new DicomElement(MetaGroupLength, "UL", length), explicitVr: true);
        meta.Position = 0;
        meta.CopyTo(stream);
        WriteDataset(stream, file.Dataset, file.Syntax.ExplicitVr);
    }

    private static void WriteDataset(Stream stream, DicomDataset set, bool explicitVr)
    {
        foreach (var element in set.Elements) WriteElement(stream, element, explicitVr);
    }

    private static void WriteElement(Stream stream, DicomElement element, bool explicitVr)
    {
        if (element.Items is { } items)
        {
            if (element.UndefinedLength)
            {
                WriteHeader(stream, element.Tag, "SQ", 0xFFFFFFFF, explicitVr);
                foreach (var item in items) WriteItem(stream, item, explicitVr);
                WriteDelimiter(stream, DicomTag.SequenceDelimitation);
                return;
            }
            using var body = new MemoryStream();
            foreach (var item in items) WriteItem(body, item, explicitVr);
            WriteHeader(stream, element.Tag, "SQ", checked((uint)body.Length), explicitVr);
            body.Position = 0;
            body.CopyTo(stream);
            return;
        }
        if (element.Fragments is { } fragments)
        {
            WriteHeader(stream, element.Tag, element.Vr, 0xFFFFFFFF, explicitVr);
            foreach (var fragment in fragments)
            {
                WriteTagAndLength(stream, DicomTag.Item, (uint)fragment.Length);
                stream.Write(fragment.Span);
            }
            WriteDelimiter(stream, DicomTag.SequenceDelimitation);
            return;
        }
        var length = (uint)element.Value.Length;
        if (explicitVr && !DicomValues.HasLongLength(element.Vr) && length > ushort.MaxValue)
            throw new DicomException($"Element {element.Tag} ({element.Vr}) is {length} bytes, more than its "
                + $"VR's 2-byte length can say.");
        WriteHeader(stream, element.Tag, element.Vr, length, explicitVr);
        stream.Write(element.Value.Span);
    }

    private static void WriteItem(Stream stream, DicomDataset item, bool explicitVr)
    {
        if (item.UndefinedLength)
        {
            WriteTagAndLength(stream, DicomTag.Item, 0xFFFFFFFF);
            WriteDataset(stream, item, explicitVr);
            WriteDelimiter(stream, DicomTag.ItemDelimitation);
            return;
        }
        using var body = new MemoryStream();
        WriteDataset(body, item, explicitVr);
        WriteTagAndLength(stream, DicomTag.Item, checked((uint)body.Length));
        body.Position = 0;
        body.CopyTo(stream);
    }

    private static void WriteHeader(Stream stream, DicomTag tag, string vr, uint length, bool explicitVr)
    {
        if (!explicitVr)
        {
            WriteTagAndLength(stream, tag, length);
            return;
        }
        Span<byte> header = stackalloc byte[12];
        WriteTag(header, tag);
        Encoding.ASCII.GetBytes(vr, header[4..6]);
        if (DicomValues.HasLongLength(vr))
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            stream.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            stream.Write(header[..8]);
        }
    }

    private static void WriteDelimiter(Stream stream, DicomTag tag) => WriteTagAndLength(stream, tag, 0);

    private static void WriteTagAndLength(Stream stream, DicomTag tag, uint length)
    {
        Span<byte> bytes = stackalloc byte[8];
        WriteTag(bytes, tag);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], length);
        stream.Write(bytes);
    }

    private static void WriteTag(Span<byte> bytes, DicomTag tag)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], tag.Element);
    }
}
