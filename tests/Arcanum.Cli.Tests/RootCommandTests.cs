namespace Arcanum.Cli.Tests;

/// <summary>`arcanum version` and `arcanum help` work as words, as people type them; bad options are one line and exit 2.</summary>
public sealed class RootCommandTests
{
    [Fact]
    public void Version_AsAWord_PrintsTheSameAsTheOption()
    {
        var word = CliRun.Of("version");

        Assert.Equal(0, word.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", word.Output);   // `--version` prints the entry assembly's, which in a test is the test host's
    }

    [Fact]
    public void Help_NamedCommand_ShowsThatCommandsHelp()
    {
        var run = CliRun.Of("help", "admin", "audit");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("admin audit [options]", run.Output);
        Assert.Contains("--limit", run.Output);
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
