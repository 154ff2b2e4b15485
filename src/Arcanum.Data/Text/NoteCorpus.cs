using System.Text;
using CsvHelper;


namespace Arcanum.Data.Text;

/// <summary>
/// Clinical notes for training a note generator, read from a folder: every <c>.txt</c> file is one note, and every
/// <c>.csv</c> file with a <c>note</c> column (ACI-Bench's visit notes) or a <c>section_text</c> column (MTS-Dialog's
/// note sections, written as <c>HEADER: text</c> when a <c>section_header</c> column names the section, so a prompt
/// can ask for a section) gives one note per row. Files are read in ordinal path order, recursively; CSV files with
/// neither column (metadata) are skipped and reported.
/// </summary>
public sealed record NoteCorpus(IReadOnlyList<string> Notes, IReadOnlyList<string> Files, IReadOnlyList<string> Skipped)
{
    /// <summary>The notes' UTF-8 size in bytes.</summary>
    public long Bytes => Notes.Sum(n => (long)System.Text.Encoding.UTF8.GetByteCount(n));

    /// <summary>Whether <paramref name="folder"/> holds notes (.txt or .csv files) and no image a segmentation job would read.</summary>
    public static bool IsNoteFolder(string folder)
    {
        if (!Directory.Exists(folder)) return false;
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        return files.Any(IsNoteFile) && !files.Any(f => Images.ImageFiles.Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsNoteFile(string f) => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="DataFormatException">The folder is missing or holds no note, or a file is not UTF-8 text.</exception>
    public static NoteCorpus Read(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (File.Exists(folder)) return FromFiles([folder], Path.GetDirectoryName(Path.GetFullPath(folder))!);
        if (!Directory.Exists(folder)) throw new DataFormatException($"Note folder '{folder}' does not exist.");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(IsNoteFile)
            .Order(StringComparer.Ordinal).ToList();
        return FromFiles(files, folder);
    }

    private static NoteCorpus FromFiles(List<string> files, string root)
    {
        var notes = new List<string>();
        var used = new List<string>();
        var skipped = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            var text = Decode(file, name);
            var before = notes.Count;
            if (file.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                if (text.Trim().Length > 0) notes.Add(Normalise(text));
            }
            else if (!ReadCsv(text, name, notes))
            {
                skipped.Add(name);
                continue;
            }
            if (notes.Count > before) used.Add(name);
        }
        if (notes.Count == 0)
            throw new DataFormatException(files.Count == 0
                ? $"'{root}' holds no .txt or .csv file of notes."
                : $"No note found in '{root}': .txt files are empty, and no .csv file has a 'note' or 'section_text' column.");
        return new NoteCorpus(notes, used, skipped);
    }

    /// <summary>False when the CSV has no note column (a metadata file).</summary>
    private static bool ReadCsv(string text, string name, List<string> notes)
    {
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        try
        {
            using var reader = CsvReader.FromText(text, options);
            if (!reader.Read()) return false;
            var header = reader.Current.ToArray().Select(h => h?.Trim() ?? "").ToArray();
            var note = Array.IndexOf(header, "note");
            var section = Array.IndexOf(header, "section_text");
            var heading = Array.IndexOf(header, "section_header");
            if (note < 0 && section < 0) return false;
            while (reader.Read())
            {
                var fields = reader.Current.ToArray();
                string? Field(int i) => i >= 0 && i < fields.Length ? fields[i]?.Trim() : null;
                var body = Field(note >= 0 ? note : section);
                if (string.IsNullOrEmpty(body)) continue;
                var title = note < 0 ? Field(heading) : null;
                notes.Add(Normalise(string.IsNullOrEmpty(title) ? body : $"{title}: {body}"));
            }
            return true;
        }
        catch (CsvFormatException e)
        {
            throw new DataFormatException($"'{name}' is not a readable CSV file (line {e.LineNumber}): {e.Message}");
        }
    }

    private static string Decode(string file, string name)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(file)).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new DataFormatException($"'{name}' is not UTF-8 text; convert it (e.g. iconv -f latin1 -t utf-8) and try again.");
        }
    }

    /// <summary>Windows line ends become \n, so the model never learns two spellings of one line break.</summary>
    private static string Normalise(string note) => note.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
