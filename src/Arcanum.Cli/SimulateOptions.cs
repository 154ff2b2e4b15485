using System.CommandLine;
using System.Globalization;

namespace Arcanum.Cli;

/// <summary>
/// Numeric options for <c>simulate</c> whose parse errors say what the option needs ("--rounds must
/// be a whole number") instead of a .NET type name, and whose help shows the default in the one
/// style System.CommandLine uses, "[default: X]".
/// </summary>
internal static class SimulateOptions
{
    public static Option<int?> WholeNumber(string name, string description, object? shownDefault = null) =>
        new(name)
        {
            Description = WithDefault(description, shownDefault),
            CustomParser = result => Parse<int>(result, name, "a whole number, e.g. 10", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null),
        };

    public static Option<double?> Number(string name, string description, object? shownDefault = null) =>
        new(name)
        {
            Description = WithDefault(description, shownDefault),
            CustomParser = result => Parse<double>(result, name, "a number, e.g. 0.05",
                t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (int?)null),
        };

    public static Option<int[]> WholeNumbers(string name, string description, string? shownDefault = null) =>
        new(name)
        {
            Description = WithDefault(description, shownDefault),
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result =>
            {
                var values = new List<int>();
                foreach (var token in result.Tokens)
                {
                    if (int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                    {
                        values.Add(v);
                        continue;
                    }
                    result.AddError($"{name} takes whole numbers, e.g. {name} 64 32 (got '{token.Value}').");
                    return [];
                }
                return [.. values];
            },
        };

    /// <summary>"Description [default: X]", the style System.CommandLine's help shows for options with a default value.</summary>
    public static string WithDefault(string description, object? shownDefault) =>
        shownDefault is null ? description : string.Create(CultureInfo.InvariantCulture, $"{description} [default: {shownDefault}]");

    private static T? Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string name, string what, Func<string, T?> parse) where T : struct
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(token) is { } value) return value;
        result.AddError($"{name} must be {what} (got '{token}').");
        return null;
    }
}
