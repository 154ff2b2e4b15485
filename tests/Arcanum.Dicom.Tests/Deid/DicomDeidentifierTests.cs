using System.Globalization;
using Arcanum.Dicom.Deid;
using Arcanum.Dicom.Tests.Support;

namespace Arcanum.Dicom.Tests.Deid;

public sealed class DicomDeidentifierTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];
    private static readonly DicomTag StudyDate = new(0x0008, 0x0020);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apply_SampleCt_IdentifyingAttributesGoneOrEmptied(bool explicitVr)
    {
        // Given
        var file = Deidentify(SampleStudy.Ct(explicitVr, 1));

        // Then: the profile's Z attributes are present but empty, its X attributes gone.
        var set = file.Dataset;
        foreach (var (group, element) in new (ushort, ushort)[] { (0x0010, 0x0010), (0x0010, 0x0020), (0x0010,
            0x0030), (0x0010, 0x0040), (0x0008, 0x0050), (0x0008, 0x0090) })
            Assert.Equal(0, set[new DicomTag(group, element)]!.Value.Length);
        foreach (var (group, element) in new (ushort, ushort)[] { (0x0010, 0x1000), (0x0010, 0x1040), (0x0008,
            0x0080), (0x0008, 0x1030), (0x0040, 0x0275) })
            Assert.False(set.Contains(new DicomTag(group, element)));
        Assert.DoesNotContain(set.Elements, e => e.Tag.IsPrivate);
        Assert.False(set.Contains(new DicomTag(0x6000, 0x3000)));
        Assert.Equal("YES", set.GetAscii(new DicomTag(0x0012, 0x0062)));
        Assert.Contains("Basic Profile", set.GetAscii(new DicomTag(0x0012, 0x0063)));
        Assert.Equal("113100", set[new DicomTag(0x0012, 0x0064)]!.Items![0].GetAscii(new DicomTag(0x0008, 0x0100)));
        Assert.Equal("CT", set.GetAscii(new DicomTag(0x0008, 0x0060)));
        Assert.Equal("2.5", set.GetAscii(new DicomTag(0x0018, 0x0050)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apply_SampleCt_NoIdentifyingTextLeftAnywhereInTheWrittenFile(bool explicitVr)
    {
        var written = Write(Deidentify(SampleStudy.Ct(explicitVr, 1)));

        var text = System.Text.Encoding.Latin1.GetString(written);
        foreach (var value in new[] { "DOE", "MRN-0042", "19610704", "20240315", "Elm", "Elsewhere", "HOUSE",
            "ACC991", "OTHER-7", "RP-55", "ACME", "OVERLAY", "Jane", SampleStudy.StudyUid })
            Assert.DoesNotContain(value, text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apply_SampleCt_PixelDataByteIdentical(bool explicitVr)
    {
        var file = Deidentify(SampleStudy.Ct(explicitVr, 4));

        var again = DicomReader.Read(Write(file), "out.dcm");

        Assert.Equal(SampleStudy.Pixels(4), again.Dataset[DicomTag.PixelData]!.Value.ToArray());
    }

    [Fact]
    public void Apply_EncapsulatedPixelData_FragmentsByteIdentical()
    {
        byte[] frame = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9, 0];
        var bytes = SampleStudy.Ct(true, 1, pixelData: DicomBytes.Encapsulated(frame));

        var again = DicomReader.Read(Write(Deidentify(bytes)), "out.dcm");

        Assert.Equal(frame, again.Dataset[DicomTag.PixelData]!.Fragments![1].ToArray());
    }

    [Fact]
    public void Apply_TwoFilesOfOneStudy_ShareNewStudyUidAndReferencesStillResolve()
    {
        // Given: instance 2 references instance 1.
        var first = Deidentify(SampleStudy.Ct(true, 1));
        var second = Deidentify(SampleStudy.Ct(false, 2));

        // Then
        var study = first.Dataset.GetAscii(DicomTag.StudyInstanceUid)!;
        Assert.StartsWith("2.25.", study);
        Assert.True(study.Length <= 64);
        Assert.Equal(study, second.Dataset.GetAscii(DicomTag.StudyInstanceUid));
        Assert.Equal(first.Dataset.GetAscii(DicomTag.SeriesInstanceUid),
            second.Dataset.GetAscii(DicomTag.SeriesInstanceUid));
        var reference = second.Dataset[new DicomTag(0x0008, 0x1140)]!.Items![0];
        Assert.Equal(first.Dataset.GetAscii(DicomTag.SopInstanceUid), reference.GetAscii(new DicomTag(0x0008, 0x1155)));
        Assert.Equal(SampleStudy.CtImageStorage, reference.GetAscii(new DicomTag(0x0008, 0x1150)));
        Assert.Equal(second.Dataset.GetAscii(DicomTag.SopInstanceUid),
            second.Meta.GetAscii(DicomTag.MediaStorageSopInstanceUid));
        Assert.NotEqual(first.Dataset.GetAscii(DicomTag.SopInstanceUid),
            second.Dataset.GetAscii(DicomTag.SopInstanceUid));
    }

    [Fact]
    public void Apply_SameKeyTwice_SameUidsAndDates_OtherKey_Different()
    {
        var once = Deidentify(SampleStudy.Ct(true, 1));
        var twice = Deidentify(SampleStudy.Ct(true, 1));
        var other = Deidentify(SampleStudy.Ct(true, 1), OtherKey);

        Assert.Equal(Write(once), Write(twice));
        Assert.NotEqual(once.Dataset.GetAscii(DicomTag.StudyInstanceUid),
            other.Dataset.GetAscii(DicomTag.StudyInstanceUid));
        Assert.NotEqual(once.Dataset.GetAscii(StudyDate), other.Dataset.GetAscii(StudyDate));
    }

    [Fact]
    public void Apply_OnePatientTwoDates_ShiftedByOneOffsetSoTheIntervalSurvives()
    {
        // Given: the same patient scanned 40 days apart, and another patient on the first day.
        var early = Deidentify(SampleStudy.Ct(true, 1, date: "20240105"));
        var late = Deidentify(SampleStudy.Ct(true, 2, date: "20240214"));
        var someoneElse = Deidentify(SampleStudy.Ct(true, 3, date: "20240105", patientId: "MRN-0043"));

        // Then
        var (a, b) = (Date(early, StudyDate), Date(late, StudyDate));
        Assert.Equal(40, b.DayNumber - a.DayNumber);
        var shift = a.DayNumber - new DateOnly(2024, 1, 5).DayNumber;
        Assert.InRange(-shift, DateShifter.MinDaysBack, DateShifter.MaxDaysBack);
        Assert.Equal(a, Date(early, new DicomTag(0x0008, 0x0021)));
        Assert.NotEqual(a, Date(someoneElse, StudyDate));
        var acquired = early.Dataset.GetAscii(new DicomTag(0x0008, 0x002A))!;
        Assert.Equal(a.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "101500.25", acquired);
        Assert.Equal("MODIFIED", early.Dataset.GetAscii(new DicomTag(0x0028, 0x0303)));
    }

    [Fact]
    public void Apply_DatesRemove_DatesEmptiedOrGone()
    {
        var file = Deidentify(SampleStudy.Ct(true, 1), dates: DateMode.Remove);

        Assert.Equal(0, file.Dataset[StudyDate]!.Value.Length);
        Assert.Equal(0, file.Dataset[new DicomTag(0x0008, 0x0030)]!.Value.Length);
        Assert.False(file.Dataset.Contains(new DicomTag(0x0008, 0x0021)));
        Assert.False(file.Dataset.Contains(new DicomTag(0x0008, 0x002A)));
        Assert.Equal("REMOVED", file.Dataset.GetAscii(new DicomTag(0x0028, 0x0303)));
    }

    [Fact]
    public void Apply_ImplicitDateTheDictionaryMisses_StillShifted()
    {
        // Given: Referenced DateTime (0040,A13A), which the implicit-VR dictionary does not know.
        var bytes = DicomBytes.File("1.2.840.10008.1.2", SampleStudy.CtImageStorage, "1.2.3",
            DicomBytes.Text(false, 0x0010, 0x0020, "LO", "P1"),
            DicomBytes.Text(false, 0x0040, 0xA13A, "DT", "20240315101500"),
            DicomBytes.Text(false, 0x0040, 0xA13B, "LO", "2024"));

        // When
        var file = Deidentify(bytes);

        // Then
        var shifted = file.Dataset.GetAscii(new DicomTag(0x0040, 0xA13A))!;
        Assert.NotEqual("20240315101500", shifted);
        Assert.EndsWith("101500", shifted);
        Assert.Equal("2024", file.Dataset.GetAscii(new DicomTag(0x0040, 0xA13B)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apply_AttributesOutsideTheCommonRows_NamesAndTrialIdsGoneUnknownUidsReplaced(bool explicitVr)
    {
        // Given a consulting physician's and a reviewer's name, a clinical-trial subject ID, an icon image and (in an implicit file
        // unknown to the small dictionary) a specimen UID
        var bytes = DicomBytes.File(explicitVr ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2", SampleStudy.CtImageStorage, "1.2.3",
            DicomBytes.Text(explicitVr, 0x0008, 0x009C, "PN", "CONSULT^ANNA"),
            DicomBytes.Text(explicitVr, 0x0010, 0x0020, "LO", "P1"),
            DicomBytes.Text(explicitVr, 0x0012, 0x0040, "LO", "TRIAL-SUBJ-77"),
            DicomBytes.Text(explicitVr, 0x0040, 0x0554, "UI", "1.2.826.0.1.3680043.99.5.9"),
            DicomBytes.Text(explicitVr, 0x300E, 0x0008, "PN", "REVIEW^BOB"));

        // When
        var written = Write(Deidentify(bytes));

        // Then none of them is left anywhere in the file
        var text = System.Text.Encoding.Latin1.GetString(written);
        foreach (var value in new[] { "CONSULT", "ANNA", "TRIAL-SUBJ-77", "1.2.826.0.1.3680043.99.5.9", "REVIEW", "BOB" })
            Assert.DoesNotContain(value, text);
    }

    [Fact]
    public void Apply_BurnedInAnnotation_Flagged()
    {
        var counts = new DeidCounts();
        var file = DicomReader.Read(SampleStudy.Ct(true, 1, burnedIn: true), "burned.dcm");

        var result = DicomDeidentifier.Apply(file, new DeidOptions { Key = Key }, counts);

        Assert.True(result.BurnedInAnnotation);
        Assert.True(counts[DeidCounts.PrivateRemoved] == 2 && counts[DeidCounts.Emptied] >= 6, counts.ToString());
    }

    [Fact]
    public void Apply_PydicomCt_NameIdAndDatesGonePixelsKept()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "CT_small.dcm");
        var original = DicomReader.Read(path);
        var originalDate = original.Dataset.GetAscii(StudyDate);

        var file = Deidentify(File.ReadAllBytes(path));

        Assert.Equal(0, file.Dataset[DicomTag.PatientName]!.Value.Length);
        Assert.Equal(0, file.Dataset[DicomTag.PatientId]!.Value.Length);
        Assert.NotEqual(originalDate, file.Dataset.GetAscii(StudyDate));
        Assert.DoesNotContain(file.Dataset.Elements, e => e.Tag.IsPrivate);
        Assert.True(original.Dataset[DicomTag.PixelData]!.Value.Span.SequenceEqual(file.Dataset[DicomTag.PixelData]!.Value.Span));
    }

    private static DicomFile Deidentify(byte[] bytes, byte[]? key = null, DateMode dates = DateMode.Shift)
    {
        var file = DicomReader.Read(bytes, "in.dcm");
        DicomDeidentifier.Apply(file, new DeidOptions { Key = key ?? Key, Dates = dates }, new DeidCounts());
        return file;
    }

    private static DateOnly Date(DicomFile file, DicomTag tag) =>
        DateOnly.ParseExact(file.Dataset.GetAscii(tag)!, "yyyyMMdd", CultureInfo.InvariantCulture);

    private static byte[] Write(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomWriter.Write(file, stream);
        return stream.ToArray();
    }
}
