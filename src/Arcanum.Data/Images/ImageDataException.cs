namespace Arcanum.Data.Images;

/// <summary>
/// An image folder or image file that cannot be used. The message names the file (or folder) and says what to do;
/// it never carries pixel values. <see cref="Path"/> holds the file or folder at fault.
/// </summary>
public sealed class ImageDataException : Exception
{
    public ImageDataException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    public ImageDataException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    public ImageDataException()
    {
    }

    public ImageDataException(string message)
        : base(message)
    {
    }

    public ImageDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file or folder at fault, when one is.</summary>
    public string? Path { get; }
}
