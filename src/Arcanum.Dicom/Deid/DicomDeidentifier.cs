using System.Globalization;
using System.Text;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// Applies the Basic Application Level Confidentiality Profile (PS3.15 E.1) to one file in place: the table's
/// actions, then the range rules (private groups, curves, overlay data and comments), every date and every
/// instance UID, recursing into sequences. Pixel data is never touched. Marks the result as de-identified
/// (0012,0062-0064) and reports whether the image declares burned-in annotation.
/// </summary>
public static class DicomDeidentifier
{
    private static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);
    private static readonly DicomTag PatientBirthTime = new(0x0010, 0x0032);

    /// <summary>UI elements that name a class, syntax or scheme, not an instance: the same in every hospital.</summary>
    private static readonly HashSet<DicomTag> ClassUids =
    [
        new(0x0002, 0x0002), new(0x0002, 0x0010), new(0x0002, 0x0012), new(0x0004, 0x1510), new(0x0004, 0x1512),
        new(0x0008, 0x0016), new(0x0008, 0x001A), new(0x0008, 0x001B), new(0x0008, 0x0062), new(0x0008, 0x010C),
        new(0x0008, 0x010D), new(0x0008, 0x0118), new(0x0008, 0x1150), new(0x0008, 0x9123),
    ];

    private const string DicomRoot = "1.2.840.10008.";
    private static readonly string ImplementationUid = UidMapper.Map(Encoding.ASCII.GetBytes("arcanum"),
        "implementation");

    public static DeidFileResult Apply(DicomFile file, DeidOptions options, DeidCounts counts)
    {
        var set = file.Dataset;
        var burnedIn = string.Equals(set.GetAscii(DicomTag.BurnedInAnnotation), "YES",
            StringComparison.OrdinalIgnoreCase);
        var patient = set.GetAscii(DicomTag.PatientId) ?? "";
        var missing = patient.Length == 0;
        if (missing) patient = set.GetAscii(DicomTag.StudyInstanceUid) ?? "";
        var walker = new Walker(options, counts, DateShifter.OffsetDays(options.Key, patient));
        walker.Walk(set);
        CleanMeta(file.Meta, set.GetAscii(DicomTag.SopInstanceUid), options.Key);
        MarkDeidentified(set, options.Dates);
        return new DeidFileResult(burnedIn, missing);
    }

    /// <summary>
    /// Keeps only what a reader needs from group 0002. The instance UID must equal the data set's (PS3.10 7.1), so
    /// it is set to the new SOP Instance UID even where the input's two disagreed.
    /// </summary>
    private static void CleanMeta(DicomDataset meta, string? newSopInstanceUid, byte[] key)
    {
        foreach (var element in meta.Elements.ToList())
        {
            if (element.Tag == DicomTag.MediaStorageSopInstanceUid)
                meta.SetAscii(element.Tag, "UI", newSopInstanceUid ?? UidMapper.MapAll(key,
                    DicomValues.Ascii(element.Value.Span)));
            else if (element.Tag.Element is not (0x0001 or 0x0002 or 0x0010))
                meta.Remove(element.Tag);
        }
        meta.SetAscii(new DicomTag(0x0002, 0x0012), "UI", ImplementationUid);
        meta.SetAscii(new DicomTag(0x0002, 0x0013), "SH", "ARCANUM");
    }

    private static void MarkDeidentified(DicomDataset set, DateMode dates)
    {
        set.SetAscii(new DicomTag(0x0012, 0x0062), "CS", "YES");
        var how = dates == DateMode.Shift ? "Dates shifted per patient (keyed)" : "Dates removed";
        set.SetAscii(new DicomTag(0x0012, 0x0063), "LO", $"PS3.15 E.1 Basic Profile\\Arcanum deid dicom\\{how}");
        List<DicomDataset> codes = [Code("113100", "Basic Application Confidentiality Profile")];
        if (dates == DateMode.Shift) codes.Add(Code("113107", "Retain Longitudinal With Modified Dates Option"));
        set.Set(DicomElement.Sequence(new DicomTag(0x0012, 0x0064), codes, undefinedLength: false));
        set.SetAscii(new DicomTag(0x0028, 0x0303), "CS", dates == DateMode.Shift ? "MODIFIED" : "REMOVED");
    }

    private static DicomDataset Code(string value, string meaning)
    {
        var item = new DicomDataset();
        item.SetAscii(new DicomTag(0x0008, 0x0100), "SH", value);
        item.SetAscii(new DicomTag(0x0008, 0x0102), "SH", "DCM");
        item.SetAscii(new DicomTag(0x0008, 0x0104), "LO", meaning);
        return item;
    }

    private sealed class Walker(DeidOptions options, DeidCounts counts, int offsetDays)
    {
        public void Walk(DicomDataset set)
        {
            foreach (var element in set.Elements.ToList()) Visit(set, element);
        }

        private void Visit(DicomDataset set, DicomElement element)
        {
            var tag = element.Tag;
            if (tag.IsPrivate)
            {
                Drop(set, tag, DeidCounts.PrivateRemoved);
                return;
            }
            if (IsCurve(tag) || IsOverlayDataOrComment(tag))
            {
                Drop(set, tag, DeidCounts.CurvesOverlaysRemoved);
                return;
            }
            var rule = ConfidentialityProfile.Find(tag);
            var vr = element.Vr == "UN" ? rule?.Vr ?? DicomDictionary.VrOf(tag) : element.Vr;
            if (vr == "UN" && LooksLikeDate(element)) vr = element.Value.Length <= 10 ? "DA" : "DT";
            if (vr is "DA" or "DT" or "TM" && tag != PatientBirthDate && tag != PatientBirthTime)
            {
                Temporal(set, element, vr, rule);
                return;
            }
            if (rule is not null)
            {
                Act(set, element, vr, rule.Action);
                return;
            }
            // Safe defaults for what the table does not name: a person's name is removed whatever attribute holds it, and an
            // element of unknown VR whose value reads as an instance UID is replaced like one.
            if (vr == "PN")
            {
                Drop(set, tag, DeidCounts.Removed);
                return;
            }
            if (vr == "UI" && IsInstanceUid(element) || vr == "UN" && LooksLikeUid(element))
                Act(set, element, "UI", ProfileAction.ReplaceUid);
            else if (element.Items is { } items)
                foreach (var item in items) Walk(item);
        }

        private void Temporal(DicomDataset set, DicomElement element, string vr, ProfileRule? rule)
        {
            if (options.Dates == DateMode.Remove)
            {
                if (rule is null) Drop(set, element.Tag, DeidCounts.TemporalRemoved);
                else Act(set, element, vr, rule.Action == ProfileAction.Dummy ? ProfileAction.Zero : rule.Action);
                return;
            }
            if (vr == "TM" || element.Value.IsEmpty) return;
            var text = DicomValues.Ascii(element.Value.Span);
            var moved = vr == "DA" ? DateShifter.ShiftDate(text, offsetDays) : DateShifter.ShiftDateTime(text,
                offsetDays);
            set.SetAscii(element.Tag, vr, moved ?? "");
            counts.Add(moved is null ? DeidCounts.DatesEmptied : DeidCounts.DatesShifted);
        }

        private void Act(DicomDataset set, DicomElement element, string vr, ProfileAction action)
        {
            var tag = element.Tag;
            switch (action)
            {
                case ProfileAction.Remove:
                    Drop(set, tag, DeidCounts.Removed);
                    break;
                case ProfileAction.Clean:
                    Drop(set, tag, DeidCounts.Cleaned);
                    break;
                case ProfileAction.Zero:
                    set.Set(vr == "SQ" ? DicomElement.Sequence(tag, [], false) : new DicomElement(tag, vr,
                        ReadOnlyMemory<byte>.Empty));
                    counts.Add(DeidCounts.Emptied);
                    break;
                case ProfileAction.Dummy:
                    if (vr == "SQ") set.Set(DicomElement.Sequence(tag, [], false));
                    else if (Dummy(vr) is { } dummy) set.SetAscii(tag, vr, dummy);
                    else set.Set(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty));
                    counts.Add(DeidCounts.Dummied);
                    break;
                case ProfileAction.ReplaceUid:
                    set.SetAscii(tag, "UI", UidMapper.MapAll(options.Key, DicomValues.Ascii(element.Value.Span)));
                    counts.Add(DeidCounts.UidsReplaced);
                    break;
                default:
                    counts.Add(DeidCounts.Kept);
                    foreach (var item in element.Items ?? []) Walk(item);
                    break;
            }
        }

        private void Drop(DicomDataset set, DicomTag tag, string count)
        {
            set.Remove(tag);
            counts.Add(count);
        }

        /// <summary>A harmless value of the VR; null for binary VRs, which get a zero-length value instead.</summary>
        private static string? Dummy(string vr) => vr switch
        {
            "DA" => "19000101",
            "TM" => "000000",
            "DT" => "19000101000000",
            "AS" => "000D",
            "DS" or "IS" => "0",
            "AE" or "CS" or "LO" or "LT" or "PN" or "SH" or "ST" or "UC" or "UT" => "ANONYMIZED",
            _ => null,
        };

        private static bool IsInstanceUid(DicomElement element) =>
            !ClassUids.Contains(element.Tag) && element.Items is null
            && !DicomValues.Ascii(element.Value.Span).StartsWith(DicomRoot, StringComparison.Ordinal);

        /// <summary>
        /// An element of unknown VR whose value is a UID outside the DICOM root: digits and at least two dots (a decimal number
        /// has one), at most 64 characters.
        /// </summary>
        private static bool LooksLikeUid(DicomElement element)
        {
            if (element.Items is not null || element.Value.Length is < 3 or > 64) return false;
            var text = DicomValues.Ascii(element.Value.Span).TrimEnd('\0', ' ');
            return text.Count(c => c == '.') >= 2 && text.All(c => char.IsAsciiDigit(c) || c == '.') && !text.StartsWith(DicomRoot, StringComparison.Ordinal)
                && !text.StartsWith('.') && !text.EndsWith('.') && !text.Contains("..", StringComparison.Ordinal);
        }

        /// <summary>
        /// An implicit-VR element this tool has no VR for, whose value reads as a date (YYYYMMDD, optionally a time
        /// after it): treated as one, so a date the dictionary misses is still shifted or removed, never kept.
        /// </summary>
        private static bool LooksLikeDate(DicomElement element)
        {
            if (element.Items is not null || element.Value.Length is < 8 or > 26) return false;
            var text = DicomValues.Ascii(element.Value.Span);
            return text.Length >= 8 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '+' or '-')
                && DateShifter.ShiftDate(text[..8], 0) is not null
                && int.Parse(text[..4], CultureInfo.InvariantCulture) >= 1800;
        }

        private static bool IsCurve(DicomTag tag) => tag.Group is >= 0x5000 and <= 0x501E;

        private static bool IsOverlayDataOrComment(DicomTag tag) =>
            tag.Group is >= 0x6000 and <= 0x601E && tag.Element is 0x3000 or 0x4000;
    }
}
