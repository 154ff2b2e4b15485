using System.Buffers.Binary;
using System.IO.Compression;

namespace Arcanum.Data.Images;

/// <summary>
/// Reads single-file NIfTI-1 volumes (.nii, .nii.gz): either byte order (told by sizeof_hdr = 348), voxels of
/// uint8, int16, uint16, int32, float32 or float64, scaled by scl_slope/scl_inter when the slope is not 0. Only 3-D
/// volumes (or 4-D with one time point) are read; voxels come back as stored, x fastest, without reorientation.
/// </summary>
internal static class NiftiReader
{
    private const int HeaderSize = 348;
    private const int Nifti2HeaderSize = 540;

    public static NiftiHeader ReadHeader(string path, int maxSide = ImageLoadOptions.DefaultMaxSide)
    {
        using var stream = Open(path);
        var bytes = new byte[HeaderSize];
        var got = ReadFully(stream, bytes, path);
        if (got < HeaderSize)
            throw Fail(path, $"is truncated: a NIfTI-1 header is {HeaderSize} bytes but the file has {got}");
        return Parse(bytes, path, maxSide);
    }

    /// <summary>The volume's voxels (scaled), x fastest, then y, then z.</summary>
    public static float[] ReadVoxels(string path, NiftiHeader header)
    {
        if (header.DataBytes > Array.MaxLength)
            throw Fail(path, $"holds {header.DataBytes:N0} bytes of voxels, more than one array can hold; "
                + "crop or split the volume");
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            && new FileInfo(path).Length < header.VoxelOffset + header.DataBytes)
            throw Truncated(path, header);
        using var stream = Open(path);
        var skip = new byte[Math.Min(header.VoxelOffset, 1 << 16)];
        for (var left = header.VoxelOffset; left > 0; left -= skip.Length)
        {
            var part = skip.AsSpan(0, (int)Math.Min(left, skip.Length)).ToArray();
            if (ReadFully(stream, part, path) < part.Length) throw Truncated(path, header);
        }
        var data = new byte[header.DataBytes];
        if (ReadFully(stream, data, path) < data.Length) throw Truncated(path, header);
        return Convert(data, header);
    }

    private static ImageDataException Truncated(string path, NiftiHeader header) =>
        Fail(path, $"is truncated: the header promises {header.Width}x{header.Height}x{header.Depth} voxels "
            + $"({header.DataBytes:N0} bytes from offset {header.VoxelOffset}) but the data ends early");

    private static float[] Convert(byte[] data, NiftiHeader header)
    {
        var voxels = new float[header.VoxelCount];
        var (n, big) = (header.BytesPerVoxel, header.BigEndian);
        var span = data.AsSpan();
        for (var i = 0; i < voxels.Length; i++)
        {
            var v = span.Slice(i * n, n);
            double value = header.Datatype switch
            {
                2 => v[0],
                4 => big ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v),
                512 => big ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v),
                8 => big ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v),
                16 => big ? BinaryPrimitives.ReadSingleBigEndian(v) : BinaryPrimitives.ReadSingleLittleEndian(v),
                _ => big ? BinaryPrimitives.ReadDoubleBigEndian(v) : BinaryPrimitives.ReadDoubleLittleEndian(v),
            };
            voxels[i] = header.Slope != 0 && float.IsFinite(header.Slope)
                ? (float)(value * header.Slope + header.Intercept)
                : (float)value;
        }
        return voxels;
    }

    private static NiftiHeader Parse(byte[] h, string path, int maxSide)
    {
        var little = BinaryPrimitives.ReadInt32LittleEndian(h);
        var bigValue = BinaryPrimitives.ReadInt32BigEndian(h);
        if (little == Nifti2HeaderSize || bigValue == Nifti2HeaderSize)
            throw Fail(path, "is NIfTI-2, which is not read; convert it to NIfTI-1 (e.g. nibabel's Nifti1Image)");
        if (little != HeaderSize && bigValue != HeaderSize)
            throw Fail(path, "is not a NIfTI-1 file (its first 4 bytes are not sizeof_hdr = 348 in either byte order)");
        var big = little != HeaderSize;
        short I16(int at) => big ? BinaryPrimitives.ReadInt16BigEndian(h.AsSpan(at))
            : BinaryPrimitives.ReadInt16LittleEndian(h.AsSpan(at));
        float F32(int at) => big ? BinaryPrimitives.ReadSingleBigEndian(h.AsSpan(at))
            : BinaryPrimitives.ReadSingleLittleEndian(h.AsSpan(at));
        var magic = System.Text.Encoding.ASCII.GetString(h, 344, 3);
        if (magic == "ni1")
            throw Fail(path, "is the header of a .hdr/.img pair; convert it to a single .nii file");
        if (magic != "n+1")
            throw Fail(path, "has no NIfTI-1 magic \"n+1\" (an old Analyze 7.5 file?); convert it to NIfTI-1");
        var rank = I16(40);
        var dim = Enumerable.Range(1, 7).Select(i => (int)I16(40 + 2 * i)).ToArray();
        if (rank == 4 && dim[3] > 1)
            throw Fail(path, $"is a 4-D series of {dim[3]} volumes; only 3-D volumes are read, extract one first");
        if (rank is < 2 or > 4 || (rank == 4 && dim[3] != 1))
            throw Fail(path, $"has {rank} dimensions; only 3-D volumes (dim[0] = 3) are read");
        var (w, ht, d) = (dim[0], dim[1], rank == 2 ? 1 : dim[2]);
        if (w < 1 || ht < 1 || d < 1)
            throw Fail(path, $"has an invalid size {w}x{ht}x{d}; the header is corrupt");
        if (w > maxSide || ht > maxSide || d > maxSide)
            throw Fail(path, $"is {w}x{ht}x{d} voxels, larger than {maxSide} on a side; it is refused unread");
        var datatype = I16(70);
        var bytes = datatype switch
        {
            2 => 1,
            4 or 512 => 2,
            8 or 16 => 4,
            64 => 8,
            _ => throw Fail(path, $"stores voxels as NIfTI datatype {datatype}, which is not read; use uint8, int16, "
                + "uint16, int32, float32 or float64"),
        };
        var offset = F32(108);
        if (!(offset >= HeaderSize) || offset > int.MaxValue)
            throw Fail(path, $"has vox_offset {offset}, before the end of its header; the header is corrupt");
        return new NiftiHeader(w, ht, d, datatype, bytes, (long)offset, big, F32(112), F32(116));
    }

    private static Stream Open(string path)
    {
        try
        {
            Stream file = File.OpenRead(path);
            return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress)
                : file;
        }
        catch (IOException e)
        {
            throw new ImageDataException(path, $"NIfTI file '{path}' cannot be opened: {e.Message}", e);
        }
    }

    private static int ReadFully(Stream stream, byte[] buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new ImageDataException(path, $"NIfTI file '{path}' is not valid gzip: {e.Message}", e);
        }
    }

    private static ImageDataException Fail(string path, string problem) => new(path, $"NIfTI file '{path}' {problem}.");
}
