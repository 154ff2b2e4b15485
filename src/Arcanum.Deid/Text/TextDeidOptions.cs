namespace Arcanum.Deid.Text;

/// <summary>
/// What <c>arcanum deid text</c> reads and writes. <see cref="Input"/> is a folder of .txt files (recursive), one
/// .txt file, or a .jsonl file of objects with an id and a text field; <see cref="Output"/> a new or empty folder.
/// </summary>
public sealed record TextDeidOptions
{
    public required string Input { get; init; }

    public required string Output { get; init; }

    public TextDeidMode Mode { get; init; } = TextDeidMode.Redact;

    /// <summary>The project key; required for <see cref="TextDeidMode.Surrogate"/>.</summary>
    public byte[]? Key { get; init; }

    /// <summary>A model folder from <c>arcanum deid train</c>: its learned tagger runs beside the rules.</summary>
    public string? Model { get; init; }

    public string IdField { get; init; } = "id";

    public string TextField { get; init; } = "text";

    /// <summary>A JSONL field naming the patient (dates shift per patient); by default each id is its own patient.</summary>
    public string? PatientField { get; init; }

    public void Validate()
    {
        if (Mode == TextDeidMode.Surrogate && Key is null)
            throw new DeidInputException("--mode surrogate needs --key-file: surrogates and date shifts are derived "
                + "from the project key. " + ProjectKey.HowToMake);
        if (!File.Exists(Input) && !Directory.Exists(Input))
            throw new DeidInputException($"Input '{Input}' does not exist.");
        if (File.Exists(Input) && !IsJsonl(Input) && !Input.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            throw new DeidInputException($"Input '{Input}' must be a folder, a .txt file or a .jsonl file.");
        if (Model is not null && !Directory.Exists(Model))
            throw new DeidInputException($"Model folder '{Model}' does not exist; train one with arcanum deid train.");
        if (string.IsNullOrWhiteSpace(IdField) || string.IsNullOrWhiteSpace(TextField))
            throw new DeidInputException("--id-field and --text-field must name a field.");
        if (File.Exists(Output)) throw new DeidInputException($"Output '{Output}' is a file; choose a folder name.");
        if (Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any())
            throw new DeidInputException($"Output folder '{Output}' is not empty; choose a new folder.");
        var full = Path.GetFullPath(Output);
        if (Directory.Exists(Input) && full.StartsWith(Path.GetFullPath(Input).TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new DeidInputException("--out must not lie inside --in.");
    }

    public static bool IsJsonl(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
}
