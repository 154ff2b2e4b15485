namespace Arcanum.Cli;

/// <summary>
/// How a command's work ends, the same for every command: bad input (the command's own exception types, files, I/O) prints one
/// "error:" line and exits 2; anything else is a bug in Arcanum, printed with its type and a request to report it (exit 1).
/// </summary>
internal static class CommandRunner
{
    public static int Run(TextWriter error, Action action, Func<Exception, bool> isUserError)
    {
        try
        {
            action();
            return ExitCodes.Success;
        }
        catch (Exception e) when (isUserError(e) || e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("This looks like a bug in Arcanum; please report it with the command you ran.");
            return ExitCodes.Failure;
        }
    }
}
