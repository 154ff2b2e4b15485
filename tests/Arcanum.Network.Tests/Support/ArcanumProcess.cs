using System.Diagnostics;
using System.Text;

namespace Arcanum.Network.Tests.Support;

/// <summary>
/// A real <c>arcanum</c> process (the arcanum.dll built beside the tests), with its output captured
/// so a test can wait for a line. Disposing kills it.
/// </summary>
public sealed class ArcanumProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ArcanumProcess(Process process) => _process = process;

    public static ArcanumProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "arcanum.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var p = new ArcanumProcess(process);
        process.OutputDataReceived += (_, e) => p.Append(e.Data);
        process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return p;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the output contains <paramref name="text"/>; throws with the output so far when it does not in time.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"'{text}' did not appear within {timeout.TotalSeconds} s. Output:\n{Output}");
            if (_process.HasExited) throw new InvalidOperationException($"The process exited (code {_process.ExitCode}) before '{text}' appeared. Output:\n{Output}");
            Thread.Sleep(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
