namespace Arcanum.Cli.Tests;

/// <summary>`arcanum version` and `arcanum help` work as words, as people type them; bad options are one line and exit 2.</summary>
public sealed class RootCommandTests
{
    [Fact]
    public void Version_AsAWord_PrintsTheSameAsTheOption()
    {
        var word = CliRun.Of("version");
        var option = CliRun.Of("--version");

        Assert.Equal(0, word.ExitCode);
        Assert.Equal(option.Output.Trim(), word.Output.Trim());
        Assert.Matches(@"^\d+\.\d+", word.Output);
    }

    [Fact]
    public void Help_NamedCommand_ShowsThatCommandsHelp()
    {
        var run = CliRun.Of("help", "admin", "audit");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("arcanum admin audit [options]", run.Output);
    }

    [Fact]
    public void Help_UnknownCommand_IsOneLineAndExit2()
    {
        var run = CliRun.Of("help", "simulat");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("arcanum has no command 'simulat'", run.Error);
        Assert.Contains("simulate", run.Error);
    }

    [Fact]
    public void Simulate_RoundsNotANumber_IsOneLineAndExit2()
    {
        var run = CliRun.Of("simulate", "--rounds", "abc");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("--rounds must be a whole number", run.Error);
        Assert.DoesNotContain("System.", run.Error);
    }
}
