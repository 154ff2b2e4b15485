namespace Arcanum.Provisioning;

/// <summary>
/// A project file, kit folder or certificate that cannot be used, with a message meant for the
/// person running the command (it names the file, the participant or the setting at fault).
/// </summary>
public sealed class ProvisioningException : Exception
{
    public ProvisioningException(string message) : base(message)
    {
    }

    public ProvisioningException(string message, Exception inner) : base(message, inner)
    {
    }
}
