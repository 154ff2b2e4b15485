using System.Text;
using static Arcanum.Dicom.Tests.Support.DicomBytes;

namespace Arcanum.Dicom.Tests.Support;

/// <summary>
/// Small CT files of made-up patients, carrying what real headers carry: names, IDs, dates, an address, UIDs that
/// point at each other, a private group, an overlay, nested sequences of both length forms, and pixel data.
/// </summary>
internal static class SampleStudy
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string StudyUid = "1.2.826.0.1.3680043.99.1";
    public const string SeriesUid = "1.2.826.0.1.3680043.99.1.2";
    public const string PatientName = "DOE^JANE";
    public const string PatientId = "MRN-0042";

    public static string SopUid(int instance) => $"1.2.826.0.1.3680043.99.1.2.{instance}";

    /// <summary>Pixel values that differ per instance, so a mix-up would show.</summary>
    public static byte[] Pixels(int instance) => [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + instance))];

    /// <summary>Instance <paramref name="instance"/> of the study, acquired on <paramref name="date"/>; it references
    /// instance 1.</summary>
    public static byte[] Ct(bool explicitVr, int instance, string date = "20240315", string patientId = PatientId,
        bool burnedIn = false, string studyUid = StudyUid, byte[]? pixelData = null)
    {
        var e = explicitVr;
        var syntax = e ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2";
        var pixels = pixelData ?? Element(e, 0x7FE0, 0x0010, "OW", Pixels(instance));
        return File(syntax, CtImageStorage, SopUid(instance),
            Text(e, 0x0008, 0x0016, "UI", CtImageStorage),
            Text(e, 0x0008, 0x0018, "UI", SopUid(instance)),
            Text(e, 0x0008, 0x0020, "DA", date),
            Text(e, 0x0008, 0x0021, "DA", date),
            Text(e, 0x0008, 0x002A, "DT", date + "101500.25+0100"),
            Text(e, 0x0008, 0x0030, "TM", "101500"),
            Text(e, 0x0008, 0x0050, "SH", "ACC991"),
            Text(e, 0x0008, 0x0060, "CS", "CT"),
            Text(e, 0x0008, 0x0080, "LO", "St Elsewhere Hospital"),
            Text(e, 0x0008, 0x0090, "PN", "HOUSE^GREGORY"),
            Text(e, 0x0008, 0x1030, "LO", "CT chest for Jane"),
            Sequence(e, 0x0008, 0x1140, undefined: true, Item(true,
                Text(e, 0x0008, 0x1150, "UI", CtImageStorage),
                Text(e, 0x0008, 0x1155, "UI", SopUid(1)),
                Sequence(e, 0x0040, 0xA170, undefined: false, Item(false,
                    Text(e, 0x0008, 0x0100, "SH", "121311"),
                    Text(e, 0x0008, 0x0102, "SH", "DCM"))))),
            Text(e, 0x0009, 0x0010, "LO", "ACME 1.0"),
            Text(e, 0x0009, 0x1001, "LO", "Jane Doe, 12 Elm St"),
            Text(e, 0x0010, 0x0010, "PN", PatientName),
            Text(e, 0x0010, 0x0020, "LO", patientId),
            Text(e, 0x0010, 0x0030, "DA", "19610704"),
            Text(e, 0x0010, 0x0040, "CS", "F"),
            Text(e, 0x0010, 0x1000, "LO", "OTHER-7"),
            Text(e, 0x0010, 0x1040, "LO", "12 Elm Street, Springfield"),
            Text(e, 0x0018, 0x0050, "DS", "2.5"),
            Text(e, 0x0020, 0x000D, "UI", studyUid),
            Text(e, 0x0020, 0x000E, "UI", SeriesUid),
            Text(e, 0x0020, 0x0013, "IS", instance.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Text(e, 0x0028, 0x0301, "CS", burnedIn ? "YES" : "NO"),
            Sequence(e, 0x0040, 0x0275, undefined: false, Item(false,
                Text(e, 0x0040, 0x0009, "SH", "SPS-1"),
                Text(e, 0x0040, 0x1001, "SH", "RP-55"))),
            Element(e, 0x6000, 0x3000, "OW", Encoding.ASCII.GetBytes("OVERLAY!")),
            pixels);
    }
}
