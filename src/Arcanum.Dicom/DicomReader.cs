using System.Buffers.Binary;
using System.Text;

namespace Arcanum.Dicom;

/// <summary>
/// Reads a DICOM Part 10 file (PS3.10 7.1): a 128-byte preamble, "DICM", the meta group in explicit VR little
/// endian, then the data set in its transfer syntax (PS3.5 7). One file is held in memory at a time; values are
/// slices of its bytes, never decoded.
/// </summary>
public static class DicomReader
{
    private const int PreambleLength = 128;
    private const uint UndefinedLength = 0xFFFFFFFF;

    public static DicomFile Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads from bytes; <paramref name="name"/> is what errors call the file.</summary>
    public static DicomFile Read(byte[] bytes, string name)
    {
        if (bytes.Length < PreambleLength + 4 || !bytes.AsSpan(PreambleLength, 4).SequenceEqual("DICM"u8))
            throw new DicomFormatException(name, Math.Min(bytes.Length, PreambleLength), null,
                "not a DICOM Part 10 file: no \"DICM\" marker after the 128-byte preamble");
        var meta = new Parser(bytes, name, PreambleLength + 4, explicitVr: true);
        var metaSet = new DicomDataset();
        while (meta.Position < bytes.Length && meta.PeekGroup() == 0x0002)
            metaSet.Set(meta.ReadElement());
        var uid = metaSet.GetAscii(DicomTag.TransferSyntaxUid)
            ?? throw new DicomFormatException(name, meta.Position, DicomTag.TransferSyntaxUid,
                "the file meta information has no Transfer Syntax UID");
        var syntax = TransferSyntax.Resolve(uid, name, meta.Position);
        var body = new Parser(bytes, name, meta.Position, syntax.ExplicitVr);
        var dataset = body.ReadDataset(bytes.Length, untilItemEnd: false);
        if (dataset.Count == 0)
            throw new DicomFormatException(name, meta.Position, null,
                "the file ends after its meta information, with no data set");
        return new DicomFile(metaSet, dataset, syntax);
    }

    /// <summary>A cursor over one file's bytes; every read checks the bytes are there and says where they are
    /// not.</summary>
    private sealed class Parser(byte[] bytes, string name, int start, bool explicitVr)
    {
        public int Position { get; private set; } = start;

        public ushort PeekGroup()
        {
            Need(2, null, "a data element");
            return BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(Position));
        }

        public DicomDataset ReadDataset(long end, bool untilItemEnd)
        {
            var set = new DicomDataset { UndefinedLength = untilItemEnd };
            while (Position < end || untilItemEnd)
            {
                var tag = ReadTag();
                if (untilItemEnd && tag == DicomTag.ItemDelimitation)
                {
                    ReadUInt32(tag);
                    return set;
                }
                if (tag.Group == 0xFFFE) throw Fail(Position - 4, tag,
                    "an item or delimiter where a data element belongs");
                var element = ReadElementAfterTag(tag);
                if (set.Contains(tag)) throw Fail(Position, tag, "the same tag appears twice in one data set");
                if (!tag.IsGroupLength) set.Set(element);
            }
            if (Position > end) throw Fail(end, null, "an element runs past the end of its item");
            return set;
        }

        public DicomElement ReadElement() => ReadElementAfterTag(ReadTag());

        private DicomElement ReadElementAfterTag(DicomTag tag)
        {
            var headerStart = Position - 4;
            string vr;
            uint length;
            if (explicitVr)
            {
                Need(2, tag, "the VR");
                var (a, b) = (bytes[Position], bytes[Position + 1]);
                if (!DicomValues.IsValidVr(a, b)) throw Fail(Position, tag,
                    "not a valid explicit VR; the file may be corrupt or not DICOM");
                vr = Encoding.ASCII.GetString(bytes, Position, 2);
                Position += 2;
                if (DicomValues.HasLongLength(vr))
                {
                    Need(2, tag, "reserved bytes");
                    Position += 2;
                    length = ReadUInt32(tag);
                }
                else
                {
                    length = ReadUInt16(tag);
                }
            }
            else
            {
                vr = DicomDictionary.VrOf(tag);
                length = ReadUInt32(tag);
            }
            if (length == UndefinedLength)
            {
                if (tag == DicomTag.PixelData) return ReadFragments(tag, vr);
                if (vr is "SQ" or "UN") return ReadUndefinedSequence(tag, vr);
                throw Fail(headerStart, tag, $"undefined length on a {vr} element, which cannot have one");
            }
            Need(length, tag, "the value");
            var valueStart = Position;
            var valueEnd = valueStart + (int)length;
            if (vr == "SQ")
                return DicomElement.Sequence(tag, ReadItems(tag, valueEnd), undefinedLength: false);
            if (vr == "UN" && length >= 8 && StartsWithItem(valueStart))
            {
                // A sequence the sender did not know (or an implicit file's unknown tag): implicit VR inside, always.
                var inner = new Parser(bytes, name, valueStart, explicitVr: false);
                var items = inner.ReadItems(tag, valueEnd);
                Position = inner.Position;
                return DicomElement.Sequence(tag, items, undefinedLength: false);
            }
            Position = valueEnd;
            return new DicomElement(tag, vr, bytes.AsMemory(valueStart, (int)length));
        }

        private bool StartsWithItem(int at) =>
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) == 0xFFFE
            && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 2)) == 0xE000;

        /// <summary>Items until a sequence delimiter. An explicit UN of undefined length is implicit VR inside (PS3.5
        /// 6.2.2).</summary>
        private DicomElement ReadUndefinedSequence(DicomTag tag, string vr)
        {
            var inner = explicitVr && vr == "UN" ? new Parser(bytes, name, Position, explicitVr: false) : this;
            var items = inner.ReadItems(tag, end: -1);
            Position = inner.Position;
            return DicomElement.Sequence(tag, items, undefinedLength: true);
        }

        /// <summary>Items up to <paramref name="end"/>, or until the sequence delimiter when end is -1.</summary>
        private List<DicomDataset> ReadItems(DicomTag sequence, long end)
        {
            var items = new List<DicomDataset>();
            while (end < 0 || Position < end)
            {
                var tag = ReadTag();
                var length = ReadUInt32(tag);
                if (end < 0 && tag == DicomTag.SequenceDelimitation) return items;
                if (tag != DicomTag.Item) throw Fail(Position - 8, sequence,
                    $"expected an item (FFFE,E000) in the sequence but found {tag}");
                if (length == UndefinedLength)
                {
                    items.Add(ReadDataset(long.MaxValue, untilItemEnd: true));
                    continue;
                }
                Need(length, sequence, "an item");
                var itemEnd = Position + (int)length;
                items.Add(ReadDataset(itemEnd, untilItemEnd: false));
                Position = itemEnd;
            }
            if (Position != end) throw Fail(Position, sequence, "an item runs past the end of its sequence");
            return items;
        }

        private DicomElement ReadFragments(DicomTag tag, string vr)
        {
            var fragments = new List<ReadOnlyMemory<byte>>();
            while (true)
            {
                var item = ReadTag();
                var length = ReadUInt32(tag);
                if (item == DicomTag.SequenceDelimitation) return DicomElement.Encapsulated(tag, vr, fragments);
                if (item != DicomTag.Item || length == UndefinedLength)
                    throw Fail(Position - 8, tag,
                        "encapsulated pixel data holds something other than a fragment of defined length");
                Need(length, tag, "a pixel data fragment");
                fragments.Add(bytes.AsMemory(Position, (int)length));
                Position += (int)length;
            }
        }

        private DicomTag ReadTag()
        {
            Need(4, null, "a tag");
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(Position));
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(Position + 2));
            Position += 4;
            return new DicomTag(group, element);
        }

        private ushort ReadUInt16(DicomTag tag)
        {
            Need(2, tag, "a length");
            var value = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(Position));
            Position += 2;
            return value;
        }

        private uint ReadUInt32(DicomTag tag)
        {
            Need(4, tag, "a length");
            var value = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Position));
            Position += 4;
            return value;
        }

        private void Need(long count, DicomTag? tag, string what)
        {
            if (Position + count > bytes.Length)
                throw Fail(Position, tag,
                    $"the file is truncated: {what} needs {count} byte(s) but {bytes.Length - Position} remain");
        }

        private DicomFormatException Fail(long offset, DicomTag? tag, string problem) => new(name, offset, tag,
            problem);
    }
}
