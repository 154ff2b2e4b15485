namespace Arcanum.Deid;

/// <summary>
/// The project's secret key file: at least 16 random bytes. Keyed pseudonyms, surrogates, date shifts and DICOM UIDs
/// are derived from it with HMAC-SHA256, so the same patient maps the same way in every run and every table, and
/// nobody without the key can reverse or recompute the mapping.
/// </summary>
public static class ProjectKey
{
    public const int MinimumBytes = 16;

    public const string HowToMake = "Make one with `head -c 32 /dev/urandom > project.key` and keep it secret: "
        + "the same key gives the same pseudonyms, surrogates and date shifts in every run, and whoever holds it can "
        + "check a guessed original.";

    /// <summary>The key's bytes; a missing or short file throws a message that says how to make one.</summary>
    public static byte[] Read(string path)
    {
        if (!File.Exists(path)) throw new DeidInputException($"Key file '{path}' does not exist. {HowToMake}");
        var key = File.ReadAllBytes(path);
        if (key.Length < MinimumBytes)
            throw new DeidInputException($"Key file '{path}' holds {key.Length} byte(s); it needs at least "
                + $"{MinimumBytes}. {HowToMake}");
        return key;
    }
}
