namespace Arcanum.Dicom.Deid;

/// <summary>Settings for DICOM de-identification; <see cref="Validate"/> says what is wrong in words a user can act
/// on.</summary>
public sealed record DeidOptions
{
    /// <summary>A key shorter than this could be guessed, and with it every original UID checked against its
    /// replacement.</summary>
    public const int MinimumKeyBytes = 16;

    /// <summary>The project key: the same key gives the same new UIDs and date shifts in every run.</summary>
    public required byte[] Key { get; init; }

    public DateMode Dates { get; init; } = DateMode.Shift;

    /// <summary>Write images that declare burned-in annotation (their pixels may show patient data) instead of refusing
    /// them.</summary>
    public bool AllowBurnedIn { get; init; }

    /// <summary>
    /// Keep the input's relative paths instead of naming each file by its new UIDs. Folder and file names often carry
    /// patient names or record numbers, so this is only for inputs whose paths are known to be clean.
    /// </summary>
    public bool KeepPaths { get; init; }

    public void Validate()
    {
        if (Key.Length < MinimumKeyBytes)
            throw new DicomException(
                $"The key has {Key.Length} byte(s); it needs at least {MinimumKeyBytes}. Make one with `head "
                    + $"-c 32 /dev/urandom > project.key`.");
        if (!Enum.IsDefined(Dates)) throw new DicomException($"Unknown date mode {Dates}; use shift or remove.");
    }

    public override string ToString() =>
        $"DeidOptions {{ Key = [{Key.Length} bytes], Dates = {Dates}, AllowBurnedIn = {AllowBurnedIn}, KeepPaths = {KeepPaths} }}";
}
