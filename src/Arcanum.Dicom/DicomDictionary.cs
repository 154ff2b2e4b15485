using System.Globalization;
using Arcanum.Dicom.Deid;

namespace Arcanum.Dicom;

/// <summary>
/// The VRs an implicit-VR file does not state but de-identification needs: which elements are sequences, UIDs,
/// dates and times. Everything the profile names is known; so are the common tags below. An unknown tag reads as
/// "UN" and its bytes pass through unchanged.
/// </summary>
internal static class DicomDictionary
{
    private const string Extras = """
        0008,0005 CS 0008,0016 UI 0008,0060 CS 0008,0062 UI 0008,010C UI 0008,010D UI 0008,0118 UI 0008,1150 UI
        0008,1115 SQ 0008,1125 SQ 0008,1199 SQ 0008,2218 SQ 0008,9215 SQ 0008,0100 SH 0008,0102 SH 0008,0104 LO
        0008,1032 SQ 0008,103F SQ 0012,0062 CS 0012,0063 LO 0012,0064 SQ 0018,1012 DA 0018,1014 TM 0018,9151 DT
        0018,9074 DT 0018,9517 DT 0018,9518 DT 0018,9804 DT 0020,0013 IS 0028,0301 CS 0028,0303 CS
        0032,0032 DA 0032,0033 TM 0032,0034 DA 0032,0035 TM 0032,1000 DA 0032,1001 TM 0032,1010 DA 0032,1011 TM
        0032,1040 DA 0032,1041 TM 0032,1050 DA 0032,1051 TM 0040,0260 SQ 0040,0270 SQ 0040,0340 SQ
        0040,2004 DA 0040,2005 TM 0040,A030 DT 0040,A032 DT 0040,A043 SQ 0040,A120 DT 0040,A121 DA 0040,A122 TM
        0040,A168 SQ 0040,A170 SQ 0040,A375 SQ 0040,A385 SQ 0040,A504 SQ 0040,A171 UI
        0054,0016 SQ 0054,0220 SQ 0054,0410 SQ 0054,0412 SQ 0070,0082 DA 0070,0083 TM
        0088,0200 SQ 2050,0010 SQ 3006,0008 DA 3006,0009 TM 3006,0010 SQ 3006,0012 SQ 3006,0014 SQ 3006,0016 SQ
        3006,0020 SQ 3006,0039 SQ 300A,0006 DA 300A,0007 TM 300C,0002 SQ 300E,0004 DA 300E,0005 TM
        5200,9229 SQ 5200,9230 SQ 7FE0,0010 OW
        """;

    private static readonly Dictionary<DicomTag, string> Vrs = Build();

    /// <summary>The VR of <paramref name="tag"/>, or "UN" when this dictionary does not know it.</summary>
    public static string VrOf(DicomTag tag)
    {
        if (Vrs.TryGetValue(tag, out var vr)) return vr;
        if (tag.IsGroupLength) return "UL";
        if (tag.Group is >= 0x6000 and <= 0x601E && tag.Element == 0x3000) return "OW";
        return "UN";
    }

    private static Dictionary<DicomTag, string> Build()
    {
        var vrs = ConfidentialityProfile.Rules.ToDictionary(r => r.Tag, r => r.Vr);
        var words = Extras.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i += 2)
        {
            var tag = new DicomTag(
                ushort.Parse(words[i][..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(words[i][5..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            vrs[tag] = words[i + 1];
        }
        return vrs;
    }
}
