using System.CommandLine;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>The <c>arcanum</c> command tree. Run is callable in-process so tests see real behaviour.</summary>
public static class ArcanumCli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var console = Terminal.Create(output);
        var root = new RootCommand("Arcanum: privacy-preserving learning from patient data that never leaves the hospital.")
        {
            SimulateCommand.Create(console, error),
            DatasetsCommand.Create(console),
            ProvisionCommand.Create(console, error),
            NetworkCommands.Server(console, error),
            NetworkCommands.Site(console, error),
            AdminCommand.Create(console, error),
            SynthCommand.Create(console, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = root.Parse(args);
        return ParseErrors.TryReport(parse, error) ?? parse.Invoke(configuration);
    }
}
