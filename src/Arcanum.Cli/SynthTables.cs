using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>Reads the real table that <c>synth</c> commands name: a CSV file, or a bundled dataset read with its own options.</summary>
internal static class SynthTables
{
    /// <summary>
    /// A file when one exists at <paramref name="nameOrPath"/>, else the bundled dataset of that name. A bundled dataset
    /// that reads some zeros as missing (Pima) says so, since its CSV read as a file keeps them and the two then differ.
    /// </summary>
    public static DataTable Read(string nameOrPath, IAnsiConsole console)
    {
        if (TryBundled(nameOrPath) is { } bundled)
        {
            NoteZeros(bundled, console);
            return bundled.Load();
        }
        if (!File.Exists(nameOrPath))
            throw new SynthesisException($"'{nameOrPath}' is neither a file nor a bundled dataset ({string.Join(", ", BundledDatasets.Names)}).");
        return CsvTableReader.Read(nameOrPath);
    }

    /// <summary>The bundled dataset <paramref name="nameOrPath"/> names, unless a file of that name exists.</summary>
    public static BundledDataset? TryBundled(string nameOrPath) =>
        !File.Exists(nameOrPath) && BundledDatasets.TryGet(nameOrPath, out var bundled) ? bundled : null;

    public static void NoteZeros(BundledDataset bundled, IAnsiConsole console)
    {
        if (bundled.ZeroMeansMissing.Length == 0) return;
        console.MarkupLine(Markup.Escape(
            $"Note: {bundled.Name} reads 0 in {string.Join(", ", bundled.ZeroMeansMissing)} as missing (not measured); {bundled.FileName} read as a CSV file keeps the zeros. " +
            $"Compare tables read the same way: by the name {bundled.Name} on both sides, or files written by `arcanum synth split` (they leave those cells blank)."));
    }
}
