using System.Globalization;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// The attributes of the PS3.15 Annex E Basic Application Level Confidentiality Profile (table E.1-1) that
/// standard objects commonly carry, with the action applied to each. Rules that cover whole ranges (private groups,
/// curves 50xx, overlay data and comments 60xx) and the treatment of every date and UID are in
/// <see cref="DicomDeidentifier"/>.
/// </summary>
public static class ConfidentialityProfile
{
    // tag VR standard-code applied-action name. Applied: the one action taken where the standard offers several.
    private const string Table = """
        0008,0012 DA X/D X Instance Creation Date
        0008,0013 TM X/Z/D X Instance Creation Time
        0008,0014 UI U U Instance Creator UID
        0008,0015 DT X X Instance Coercion DateTime
        0008,0018 UI U U SOP Instance UID
        0008,0020 DA Z Z Study Date
        0008,0021 DA X/D X Series Date
        0008,0022 DA X/Z X Acquisition Date
        0008,0023 DA Z/D Z Content Date
        0008,0024 DA X X Overlay Date
        0008,0025 DA X X Curve Date
        0008,002A DT X/Z/D X Acquisition DateTime
        0008,0030 TM Z Z Study Time
        0008,0031 TM X/D X Series Time
        0008,0032 TM X/Z X Acquisition Time
        0008,0033 TM Z/D Z Content Time
        0008,0034 TM X X Overlay Time
        0008,0035 TM X X Curve Time
        0008,0050 SH Z Z Accession Number
        0008,0058 UI U U Failed SOP Instance UID List
        0008,0080 LO X/Z/D X Institution Name
        0008,0081 ST X X Institution Address
        0008,0082 SQ X/Z/D X Institution Code Sequence
        0008,0090 PN Z Z Referring Physician's Name
        0008,0092 ST X X Referring Physician's Address
        0008,0094 SH X X Referring Physician's Telephone Numbers
        0008,0096 SQ X X Referring Physician Identification Sequence
        0008,009C PN Z Z Consulting Physician's Name
        0008,009D SQ X X Consulting Physician Identification Sequence
        0008,0201 SH X X Timezone Offset From UTC
        0008,1010 SH X/Z/D X Station Name
        0008,1030 LO X X Study Description
        0008,103E LO X X Series Description
        0008,1040 LO X X Institutional Department Name
        0008,1048 PN X X Physician(s) of Record
        0008,1049 SQ X X Physician(s) of Record Identification Sequence
        0008,1050 PN X X Performing Physicians' Name
        0008,1052 SQ X X Performing Physician Identification Sequence
        0008,1060 PN X X Name of Physician(s) Reading Study
        0008,1062 SQ X X Physician(s) Reading Study Identification Sequence
        0008,1070 PN X/Z/D X Operators' Name
        0008,1072 SQ X/D X Operator Identification Sequence
        0008,1080 LO X X Admitting Diagnoses Description
        0008,1084 SQ X X Admitting Diagnoses Code Sequence
        0008,1110 SQ X/Z X Referenced Study Sequence
        0008,1111 SQ X/Z/D X Referenced Performed Procedure Step Sequence
        0008,1120 SQ X X Referenced Patient Sequence
        0008,1140 SQ X/Z/U* K Referenced Image Sequence
        0008,1155 UI U U Referenced SOP Instance UID
        0008,1195 UI U U Transaction UID
        0008,2111 ST X X Derivation Description
        0008,2112 SQ X/Z/U* K Source Image Sequence
        0008,3010 UI U U Irradiation Event UID
        0008,4000 LT X X Identifying Comments
        0010,0010 PN Z Z Patient's Name
        0010,0020 LO Z Z Patient ID
        0010,0021 LO X X Issuer of Patient ID
        0010,0024 SQ X X Issuer of Patient ID Qualifiers Sequence
        0010,0030 DA Z Z Patient's Birth Date
        0010,0032 TM X X Patient's Birth Time
        0010,0033 LO X X Patient's Birth Date in Alternative Calendar
        0010,0034 LO X X Patient's Death Date in Alternative Calendar
        0010,0040 CS Z Z Patient's Sex
        0010,0050 SQ X X Patient's Insurance Plan Code Sequence
        0010,0101 SQ X X Patient's Primary Language Code Sequence
        0010,0102 SQ X X Patient's Primary Language Modifier Code Sequence
        0010,1000 LO X X Other Patient IDs
        0010,1001 PN X X Other Patient Names
        0010,1002 SQ X X Other Patient IDs Sequence
        0010,1005 PN X X Patient's Birth Name
        0010,1010 AS X X Patient's Age
        0010,1020 DS X X Patient's Size
        0010,1030 DS X X Patient's Weight
        0010,1040 LO X X Patient's Address
        0010,1050 LO X X Insurance Plan Identification
        0010,1060 PN X X Patient's Mother's Birth Name
        0010,1080 LO X X Military Rank
        0010,1081 LO X X Branch of Service
        0010,1090 LO X X Medical Record Locator
        0010,1100 SQ X X Referenced Patient Photo Sequence
        0010,2000 LO X X Medical Alerts
        0010,2110 LO X X Allergies
        0010,2150 LO X X Country of Residence
        0010,2152 LO X X Region of Residence
        0010,2154 SH X X Patient's Telephone Numbers
        0010,2155 LT X X Patient's Telecom Information
        0010,2160 SH X X Ethnic Group
        0010,2180 SH X X Occupation
        0010,21A0 CS X X Smoking Status
        0010,21B0 LT X X Additional Patient History
        0010,21C0 US X X Pregnancy Status
        0010,21D0 DA X X Last Menstrual Date
        0010,21F0 LO X X Patient's Religious Preference
        0010,2203 CS X/Z X Patient's Sex Neutered
        0010,2297 PN X X Responsible Person
        0010,2299 LO X X Responsible Organization
        0010,4000 LT X X Patient Comments
        0012,0010 LO D X Clinical Trial Sponsor Name
        0012,0020 LO D X Clinical Trial Protocol ID
        0012,0021 LO Z X Clinical Trial Protocol Name
        0012,0030 LO Z X Clinical Trial Site ID
        0012,0031 LO Z X Clinical Trial Site Name
        0012,0040 LO D X Clinical Trial Subject ID
        0012,0042 LO D X Clinical Trial Subject Reading ID
        0012,0050 LO Z X Clinical Trial Time Point ID
        0012,0051 ST X X Clinical Trial Time Point Description
        0012,0060 LO Z X Clinical Trial Coordinating Center Name
        0012,0071 LO X X Clinical Trial Series ID
        0012,0072 LO X X Clinical Trial Series Description
        0012,0081 LO D X Clinical Trial Protocol Ethics Committee Name
        0012,0082 LO Z X Clinical Trial Protocol Ethics Committee Approval Number
        0018,0010 LO Z/D Z Contrast/Bolus Agent
        0018,1000 LO X/Z/D X Device Serial Number
        0018,1002 UI U U Device UID
        0018,1004 LO X X Plate ID
        0018,1005 LO X X Generator ID
        0018,1007 LO X X Cassette ID
        0018,1008 LO X X Gantry ID
        0018,1030 LO X/D X Protocol Name
        0018,1200 DA X X Date of Last Calibration
        0018,1201 TM X X Time of Last Calibration
        0018,1400 LO X/D X Acquisition Device Processing Description
        0018,4000 LT X X Acquisition Comments
        0018,700A SH X/D X Detector ID
        0018,9424 LT X X Acquisition Protocol Description
        0020,000D UI U U Study Instance UID
        0020,000E UI U U Series Instance UID
        0020,0010 SH Z Z Study ID
        0020,0052 UI U U Frame of Reference UID
        0020,0200 UI U U Synchronization Frame of Reference UID
        0020,4000 LT X X Image Comments
        0020,9161 UI U U Concatenation UID
        0020,9164 UI U U Dimension Organization UID
        0028,1199 UI U U Palette Color Lookup Table UID
        0028,1214 UI U U Large Palette Color Lookup Table UID
        0032,0012 LO X X Study ID Issuer
        0032,1020 LO X X Scheduled Study Location
        0032,1021 AE X X Scheduled Study Location AE Title
        0032,1030 LO X X Reason for Study
        0032,1031 SQ X X Requesting Physician Identification Sequence
        0032,1032 PN X X Requesting Physician
        0032,1033 LO X X Requesting Service
        0032,1060 LO X/Z X Requested Procedure Description
        0032,1070 LO X X Requested Contrast Agent
        0032,4000 LT X X Study Comments
        0038,0004 SQ X X Referenced Patient Alias Sequence
        0038,0010 LO X X Admission ID
        0038,0020 DA X X Admitting Date
        0038,0021 TM X X Admitting Time
        0038,0030 DA X X Discharge Date
        0038,0032 TM X X Discharge Time
        0038,0040 LO X X Discharge Diagnosis Description
        0038,0060 LO X X Service Episode ID
        0038,0062 LO X X Service Episode Description
        0038,0064 SQ X X Issuer of Service Episode ID Sequence
        0038,0300 LO X X Current Patient Location
        0038,0400 LO X X Patient's Institution Residence
        0038,0500 LO X X Patient State
        0038,4000 LT X X Visit Comments
        0040,0001 AE X X Scheduled Station AE Title
        0040,0002 DA X X Scheduled Procedure Step Start Date
        0040,0003 TM X X Scheduled Procedure Step Start Time
        0040,0004 DA X X Scheduled Procedure Step End Date
        0040,0005 TM X X Scheduled Procedure Step End Time
        0040,0006 PN X X Scheduled Performing Physician's Name
        0040,0007 LO X X Scheduled Procedure Step Description
        0040,000B SQ X X Scheduled Performing Physician Identification Sequence
        0040,0010 SH X X Scheduled Station Name
        0040,0011 SH X X Scheduled Procedure Step Location
        0040,0241 AE X X Performed Station AE Title
        0040,0242 SH X X Performed Station Name
        0040,0243 SH X X Performed Location
        0040,0244 DA X X Performed Procedure Step Start Date
        0040,0245 TM X X Performed Procedure Step Start Time
        0040,0250 DA X X Performed Procedure Step End Date
        0040,0251 TM X X Performed Procedure Step End Time
        0040,0253 SH X X Performed Procedure Step ID
        0040,0254 LO X X Performed Procedure Step Description
        0040,0275 SQ X X Request Attributes Sequence
        0040,0280 ST X X Comments on the Performed Procedure Step
        0040,0555 SQ X X Acquisition Context Sequence
        0040,1001 SH X X Requested Procedure ID
        0040,1002 LO X X Reason for the Requested Procedure
        0040,1004 LO X X Patient Transport Arrangements
        0040,1005 LO X X Requested Procedure Location
        0040,1010 PN X X Names of Intended Recipients of Results
        0040,1011 SQ X X Intended Recipients of Results Identification Sequence
        0040,1101 SQ D Z Person Identification Code Sequence
        0040,1102 ST X X Person's Address
        0040,1103 LO X X Person's Telephone Numbers
        0040,1104 LT X X Person's Telecom Information
        0040,1400 LT X X Requested Procedure Comments
        0040,2001 LO X X Reason for the Imaging Service Request
        0040,2008 PN X X Order Entered By
        0040,2009 SH X X Order Enterer's Location
        0040,2010 SH X X Order Callback Phone Number
        0040,2016 LO Z Z Placer Order Number / Imaging Service Request
        0040,2017 LO Z Z Filler Order Number / Imaging Service Request
        0040,2400 LT X X Imaging Service Request Comments
        0040,3001 LO X X Confidentiality Constraint on Patient Data Description
        0040,A027 LO X X Verifying Organization
        0040,A073 SQ D Z Verifying Observer Sequence
        0040,A075 PN D D Verifying Observer Name
        0040,A078 SQ X X Author Observer Sequence
        0040,A07A SQ X X Participant Sequence
        0040,A123 PN D D Person Name
        0040,A124 UI U U UID
        0040,A730 SQ X X Content Sequence
        0040,DB0C UI U U Template Extension Organization UID
        0040,DB0D UI U U Template Extension Creator UID
        0070,0084 PN Z Z Content Creator's Name
        0088,0140 UI U U Storage Media File-set UID
        0088,0200 SQ X X Icon Image Sequence
        0400,0100 UI X X Digital Signature UID
        0400,0402 SQ X X Referenced Digital Signature Sequence
        0400,0403 SQ X X Referenced SOP Instance MAC Sequence
        0400,0500 SQ X X Encrypted Attributes Sequence
        0400,0561 SQ X X Original Attributes Sequence
        3006,0024 UI U U Referenced Frame of Reference UID
        3006,00C2 UI U U Related Frame of Reference UID
        300E,0008 PN X/Z X Reviewer Name
        4000,0010 LT X X Arbitrary
        4000,4000 LT X X Text Comments
        FFFA,FFFA SQ X X Digital Signatures Sequence
        """;

    private static readonly Dictionary<DicomTag, ProfileRule> ByTag = Parse(Table).ToDictionary(r => r.Tag);

    /// <summary>Every row, in the order of the table.</summary>
    public static IReadOnlyList<ProfileRule> Rules { get; } = Parse(Table);

    public static ProfileRule? Find(DicomTag tag) => ByTag.GetValueOrDefault(tag);

    private static ProfileRule[] Parse(string table) =>
    [
        .. table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var parts = line.Split(' ', 5);
            var tag = new DicomTag(
                ushort.Parse(parts[0][..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(parts[0][5..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            var action = parts[3] switch
            {
                "D" => ProfileAction.Dummy,
                "Z" => ProfileAction.Zero,
                "X" => ProfileAction.Remove,
                "K" => ProfileAction.Keep,
                "C" => ProfileAction.Clean,
                "U" => ProfileAction.ReplaceUid,
                _ => throw new InvalidOperationException($"Profile row {parts[0]} has an unknown action {parts[3]}."),
            };
            return new ProfileRule(tag, parts[1], parts[2], action, parts[4]);
        }),
    ];
}
