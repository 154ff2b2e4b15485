using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Arcanum.Cli;

/// <summary>
/// Bad options (an unknown value, a missing required option, a number that is not one) as one line on stderr and
/// exit code <see cref="ExitCodes.BadInput"/>, like every other input error, instead of System.CommandLine's full help
/// and exit 1, for every command.
/// </summary>
internal static class ParseErrors
{
    /// <returns>The exit code when the errors were reported, or null to let the parse result run as usual.</returns>
    public static int? TryReport(ParseResult parse, TextWriter error)
    {
        if (parse.Errors.Count == 0) return null;
        var command = parse.CommandResult.Command;
        // A command group named alone ("arcanum synth") has no action: its help is the useful answer.
        if (command.Action is null) return null;
        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
            path.Insert(0, result.Command.Name);
        if (path.Count < 2) return null;
        var first = parse.Errors[0];
        var message = string.Join(' ', first.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var option = first.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            _ => null,
        };
        error.WriteLine($"error: {Plain(message, option)} (see `arcanum {string.Join(' ', path.Skip(1))} --help`)");
        return ExitCodes.BadInput;
    }

    /// <summary>The library's messages for a wrong value, reworded without .NET type names.</summary>
    private static string Plain(string message, string? option)
    {
        var notParsed = Regex.Match(message, "^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\\.?$");
        if (notParsed.Success)
        {
            var type = notParsed.Groups[3].Value;
            var kind = type.Contains("Int", StringComparison.Ordinal) ? "a whole number" : type.Contains("Double", StringComparison.Ordinal) ? "a number" : "another kind of value";
            return $"{notParsed.Groups[2].Value} needs {kind}, not '{notParsed.Groups[1].Value}'.";
        }
        var notAmong = Regex.Match(message, "^Argument '(.*)' not recognized\\. Must be one of: (.*)$");
        if (notAmong.Success && option is not null)
        {
            var choices = Regex.Matches(notAmong.Groups[2].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
            return $"{option} '{notAmong.Groups[1].Value}' is not one of {string.Join(", ", choices)}.";
        }
        return message;
    }
}
