namespace Arcanum.Cli;

/// <summary>Process exit codes: scripts can tell bad input from a failure while running.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
