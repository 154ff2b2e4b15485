namespace Arcanum.Dicom;

/// <summary>
/// How the data set after the meta group is encoded. Only little endian without deflate is read: every other
/// standard transfer syntax (the compressed ones included) encodes the data set as explicit VR little endian and
/// keeps the compressed frames as encapsulated pixel data, which passes through untouched.
/// </summary>
public sealed record TransferSyntax(string Uid, bool ExplicitVr)
{
    public const string ImplicitVrLittleEndianUid = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndianUid = "1.2.840.10008.1.2.1";
    private const string StandardRoot = "1.2.840.10008.1.2.";

    public static readonly TransferSyntax ImplicitVrLittleEndian = new(ImplicitVrLittleEndianUid, false);
    public static readonly TransferSyntax ExplicitVrLittleEndian = new(ExplicitVrLittleEndianUid, true);

    /// <summary>The transfer syntax named by <paramref name="uid"/>, or a <see cref="DicomFormatException"/>.</summary>
    public static TransferSyntax Resolve(string uid, string file, long offset) => uid switch
    {
        ImplicitVrLittleEndianUid => ImplicitVrLittleEndian,
        ExplicitVrLittleEndianUid => ExplicitVrLittleEndian,
        "1.2.840.10008.1.2.2" => throw Refuse(file, offset,
            $"transfer syntax {uid} (Explicit VR Big Endian, retired) is not supported; convert the file to "
                + $"little endian first"),
        "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.4.95" => throw Refuse(file, offset,
            $"transfer syntax {uid} (deflated) is not supported; convert the file to explicit VR little endian first"),
        _ when uid.StartsWith(StandardRoot, StringComparison.Ordinal) => new TransferSyntax(uid, true),
        _ => throw Refuse(file, offset,
            $"transfer syntax {uid} is not a standard DICOM transfer syntax this reader knows"),
    };

    private static DicomFormatException Refuse(string file, long offset, string problem) =>
        new(file, offset, TransferSyntaxUid, problem);

    private static DicomTag TransferSyntaxUid => DicomTag.TransferSyntaxUid;
}
