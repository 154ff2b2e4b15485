using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary>simulate's options: numbers are checked in the option's own words, and help shows every default one way.</summary>
public sealed class SimulateOptionsTests
{
    [Theory]
    [InlineData("--rounds", "abc", "--rounds must be a whole number")]
    [InlineData("--lr", "fast", "--lr must be a number")]
    [InlineData("--hidden", "x", "--hidden takes whole numbers")]
    public void Simulate_OptionNotANumber_SaysWhatItNeedsWithoutATypeName(string option, string value, string expected)
    {
        // When
        var run = CliRun.Of("simulate", option, value);

        // Then
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("System.", run.Error);
    }

    [Fact]
    public void Help_EveryOptionWithADefault_ShowsItAsDefaultInBrackets()
    {
        // When
        var help = CliRun.Of("simulate", "--help").Output;

        // Then
        var lines = help.Split('\n');
        foreach (var option in new[] { "--sites", "--server-lr", "--hidden", "--rounds", "--lr", "--split", "--fraction", "--parallel" })
            Assert.Contains("[default: ", lines.Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal)));
        Assert.DoesNotContain("Default:", help);
    }
}
