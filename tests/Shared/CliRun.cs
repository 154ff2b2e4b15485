using Arcanum.Cli;

namespace Arcanum.Tests.Shared;

/// <summary>Runs the real command tree in-process and captures what a user would see.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ArcanumCli.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
