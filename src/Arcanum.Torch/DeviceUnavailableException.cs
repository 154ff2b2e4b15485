namespace Arcanum.Torch;

/// <summary>
/// The requested device exists in name but not on this machine or in this build of libtorch
/// (e.g. <c>cuda</c> with the CPU-only natives). The message says what to install or use instead.
/// </summary>
public sealed class DeviceUnavailableException : InvalidOperationException
{
    public DeviceUnavailableException()
    {
    }

    public DeviceUnavailableException(string message) : base(message)
    {
    }

    public DeviceUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
