namespace Arcanum.Federated.Jobs;

/// <summary>A job definition that cannot run, with a message meant for the person who wrote it.</summary>
public sealed class JobSpecException : Exception
{
    public JobSpecException(string message) : base(message)
    {
    }

    public JobSpecException(string message, Exception inner) : base(message, inner)
    {
    }
}
