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
            DeidCommand.Create(console, error),
            RiskCommand.Create(console, error),
            AnonymizeCommand.Create(console, error),
            EvaluateCommand.Create(console, error),
            ImagesCommand.Create(console, error),
            NotesCommand.Create(console, error),
            CasesCommand.Create(console, error),
        };
        root.Add(VersionCommand(console));
        root.Add(HelpCommand(root, output, error));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = root.Parse(args);
        return ParseErrors.TryReport(parse, error) ?? parse.Invoke(configuration);
    }

    /// <summary><c>arcanum version</c>: the same as <c>--version</c>, for people who type it as a word.</summary>
    private static Command VersionCommand(IAnsiConsole console)
    {
        var command = new Command("version", "Print the version of arcanum.");
        command.SetAction(_ =>
        {
            var assembly = typeof(ArcanumCli).Assembly;
            var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
            console.WriteLine(version ?? "unknown");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>arcanum help [COMMAND ...]</c>: the help of the root or of the named command.</summary>
    private static Command HelpCommand(RootCommand root, TextWriter output, TextWriter error)
    {
        var path = new Argument<string[]>("command") { Description = "The command to explain, e.g. `synth fit`.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show help for arcanum or one of its commands.") { path };
        command.SetAction(parse =>
        {
            var words = parse.GetValue(path) ?? [];
            var target = root.Parse(words);
            if (target.UnmatchedTokens.Count > 0 || words.Length > 0 && target.CommandResult.Command == root)
            {
                var commands = (target.CommandResult.Command as Command)?.Subcommands.Select(c => c.Name) ?? [];
                error.WriteLine($"error: arcanum has no command '{string.Join(' ', words)}'. Commands: {string.Join(", ", commands)}.");
                return ExitCodes.BadInput;
            }
            return root.Parse([.. words, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        });
        return command;
    }
}
