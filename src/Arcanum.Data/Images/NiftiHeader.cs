namespace Arcanum.Data.Images;

/// <summary>What <see cref="NiftiReader"/> needs from a NIfTI-1 header: the volume's size (x is the fastest axis,
/// a slice is x by y), how voxels are stored and the scaling <c>value = stored x slope + inter</c>.</summary>
internal sealed record NiftiHeader(
    int Width, int Height, int Depth, short Datatype, int BytesPerVoxel, long VoxelOffset, bool BigEndian,
    float Slope, float Intercept)
{
    public long VoxelCount => (long)Width * Height * Depth;

    public long DataBytes => VoxelCount * BytesPerVoxel;
}
