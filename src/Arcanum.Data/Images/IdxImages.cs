namespace Arcanum.Data.Images;

/// <summary>Images from an IDX file: <see cref="Count"/> images of <see cref="Rows"/> x <see cref="Columns"/> bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public override string ToString() => $"IdxImages({Count} x {Rows}x{Columns})";
}
