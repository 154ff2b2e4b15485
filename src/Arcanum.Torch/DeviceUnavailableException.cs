namespace Arcanum.Torch;

/// <summary>
/// The requested device exists in name but not on this machine or in this build of libtorch
/// (e.g. <c>cuda</c> with the CPU-only natives), or libtorch itself cannot be loaded, so no device is. The
/// message says what to install or use instead; commands report it as a setup problem, not as a bug.
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
