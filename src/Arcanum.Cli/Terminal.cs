using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>Creates the Spectre console over a writer: colour only when it is a real terminal.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter output)
    {
        var isConsole = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output (a log, a pipe, CI) has no width: do not wrap tables at 80 columns.
        if (!isConsole) console.Profile.Width = 160;
        return console;
    }
}
