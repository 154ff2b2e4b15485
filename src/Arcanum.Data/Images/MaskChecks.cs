namespace Arcanum.Data.Images;

/// <summary>Argument checks shared by the mask tools: planes are square, row-major and exactly size x size.
/// </summary>
internal static class MaskChecks
{
    public static void Plane(int length, int size, string name)
    {
        if (size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The image size must be at least 1 pixel.");
        if (length != (long)size * size)
            throw new ArgumentException($"{name} has {length} values but a {size}x{size} slice needs "
                + $"{(long)size * size}.", name);
    }
}
