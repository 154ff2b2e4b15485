using System.Buffers.Binary;
using System.IO.Compression;

namespace Arcanum.Data.Images;

/// <summary>
/// Reads IDX files (the MNIST format): a big-endian magic 0x00000803 for unsigned-byte images
/// (count, rows, columns) or 0x00000801 for labels (count), then the bytes. Gzip-compressed files
/// are recognised by their content and decompressed on the fly.
/// </summary>
public static class Idx
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic, "images (idx3-ubyte)");
        return new IdxImages(dims[0], dims[1], dims[2], data);
    }

    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "labels (idx1-ubyte)").Data;

    private static (int[] Dims, byte[] Data) Read(string path, int magic, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{Path.GetFullPath(path)}' does not exist.", path);
        using var stream = Open(path);
        var head = new byte[4];
        ReadExactly(stream, head, path, "the magic number");
        var found = BinaryPrimitives.ReadInt32BigEndian(head);
        if (found != magic)
            throw new InvalidDataException($"{Path.GetFileName(path)} is not an IDX file of {what}: magic number 0x{found:X8}, expected 0x{magic:X8}.");
        var dims = new int[magic & 0xFF];
        long size = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            ReadExactly(stream, head, path, "the dimensions");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(head);
            if (dims[i] < 0) throw new InvalidDataException($"{Path.GetFileName(path)} has a negative dimension {dims[i]}.");
            size *= dims[i];
        }
        if (size > Array.MaxLength) throw new InvalidDataException($"{Path.GetFileName(path)} claims {size} bytes of data, more than an array holds.");
        var data = new byte[size];
        ReadExactly(stream, data, path, $"{size} bytes of data");
        return (dims, data);
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        var b0 = file.ReadByte();
        var b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1F && b1 == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : new BufferedStream(file);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string path, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} ends before {what}; the file is truncated.", e);
        }
    }
}
