using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// Progress of a long command, one grey-prefixed line per report, written on the reporting thread and so in order
/// (<see cref="Progress{T}"/> would post to the thread pool). Lines are escaped: a report may hold a file name.
/// </summary>
internal sealed class ConsoleProgress(IAnsiConsole console, string command) : IProgress<string>
{
    public void Report(string value) => console.MarkupLine($"[grey]{Markup.Escape(command)}[/]  {Markup.Escape(value)}");
}
