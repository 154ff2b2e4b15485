using System.CommandLine;
using Arcanum.Data;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary><c>arcanum datasets</c>: the real datasets bundled with Arcanum.</summary>
internal static class DatasetsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("datasets", "List the real datasets bundled with Arcanum (usable as --data NAME).");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("name", "target", "positive", "site column", "description");
            foreach (var name in BundledDatasets.Names)
            {
                BundledDatasets.TryGet(name, out var d);
                table.AddRow(Markup.Escape(d.Name), Markup.Escape(d.Target), Markup.Escape(d.Positive ?? ""), Markup.Escape(d.SiteColumn ?? ""), Markup.Escape(d.Description));
            }
            console.Write(table);
            console.WriteLine("Also: fashion-mnist (images; needs `apt-get install dataset-fashion-mnist`), or any CSV path.");
            return ExitCodes.Success;
        });
        return command;
    }
}
