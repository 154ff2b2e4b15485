// MSBuild inline task (RoslynCodeTaskFactory, netstandard2.0 API surface): finds the libstdc++ the
// dynamic loader would use and reports whether it lacks RequiredVersion, plus a C++ compiler for the shim.
#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ArcanumDetectLibStdCxx : Task
{
    private static readonly string[] LdconfigPaths = { "/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/bin/ldconfig", "ldconfig" };

    private static readonly string[] FallbackPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public string RequiredVersion { get; set; } = "";

    public string CompilerOverride { get; set; } = "";

    [Output]
    public string LibStdCxx { get; set; } = "";

    [Output]
    public bool Needed { get; set; }

    [Output]
    public string Compiler { get; set; } = "";

    public override bool Execute()
    {
        var lib = FromLdconfig() ?? FallbackPaths.FirstOrDefault(File.Exists);
        if (lib == null)
        {
            Log.LogMessage(MessageImportance.Low, "Arcanum: no libstdc++.so.6 found; leaving the TorchSharp natives alone.");
            return true;
        }
        LibStdCxx = lib;
        Needed = !Contains(File.ReadAllBytes(lib), Encoding.ASCII.GetBytes(RequiredVersion + "\0"));
        Log.LogMessage(MessageImportance.Low, "Arcanum: {0} {1} {2}.", lib, Needed ? "lacks" : "has", RequiredVersion);
        if (Needed)
            Compiler = FindCompiler();
        return true;
    }

    private static string? FromLdconfig()
    {
        foreach (var exe in LdconfigPaths)
        {
            if (exe.Contains("/") && !File.Exists(exe)) continue;
            try
            {
                var psi = new ProcessStartInfo(exe, "-p") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi);
                if (p == null) continue;
                var output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                // e.g. "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"; prefer the 64-bit entry.
                var entries = output.Split('\n')
                    .Where(l => l.TrimStart().StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) && l.Contains("=>"))
                    .OrderBy(l => l.Contains("x86-64") || l.Contains("64bit") ? 0 : 1)
                    .Select(l => l.Substring(l.IndexOf("=>", StringComparison.Ordinal) + 2).Trim())
                    .Where(File.Exists);
                var first = entries.FirstOrDefault();
                if (first != null) return first;
            }
            catch (Exception)
            {
                // ldconfig missing or not runnable: fall back to the usual paths.
            }
        }
        return null;
    }

    private string FindCompiler()
    {
        if (!string.IsNullOrWhiteSpace(CompilerOverride))
            return File.Exists(CompilerOverride) ? CompilerOverride : OnPath(CompilerOverride) ?? "";
        return OnPath("g++") ?? OnPath("c++") ?? "";
    }

    private static string? OnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack[i] != needle[0]) continue;
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
