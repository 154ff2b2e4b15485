using Arcanum.Dicom.Tests.Support;

namespace Arcanum.Dicom.Tests;

public sealed class DicomReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_FileWithNestedSequences_ReadsValuesItemsAndPixels(bool explicitVr)
    {
        // Given
        var bytes = SampleStudy.Ct(explicitVr, 2);

        // When
        var file = DicomReader.Read(bytes, "ct.dcm");

        // Then
        Assert.Equal(explicitVr, file.Syntax.ExplicitVr);
        Assert.Equal(SampleStudy.PatientName, file.Dataset.GetAscii(DicomTag.PatientName));
        var referenced = file.Dataset[new DicomTag(0x0008, 0x1140)]!;
        Assert.True(referenced.UndefinedLength);
        var item = Assert.Single(referenced.Items!);
        Assert.Equal(SampleStudy.SopUid(1), item.GetAscii(new DicomTag(0x0008, 0x1155)));
        var purpose = Assert.Single(item[new DicomTag(0x0040, 0xA170)]!.Items!);
        Assert.Equal("121311", purpose.GetAscii(new DicomTag(0x0008, 0x0100)));
        var request = Assert.Single(file.Dataset[new DicomTag(0x0040, 0x0275)]!.Items!);
        Assert.Equal("RP-55", request.GetAscii(new DicomTag(0x0040, 0x1001)));
        Assert.Equal(SampleStudy.Pixels(2), file.Dataset[DicomTag.PixelData]!.Value.ToArray());
    }

    [Fact]
    public void Read_EncapsulatedPixelData_KeepsEveryFragment()
    {
        // Given: a JPEG-lossless file whose frame comes in two fragments.
        byte[] first = [1, 2, 3, 4], second = [0xFF, 0xD9];
        var bytes = DicomBytes.File("1.2.840.10008.1.2.4.70", SampleStudy.CtImageStorage, "1.2.3",
            DicomBytes.Text(true, 0x0010, 0x0010, "PN", "X"), DicomBytes.Encapsulated(first, second));

        // When
        var pixels = DicomReader.Read(bytes, "jpeg.dcm").Dataset[DicomTag.PixelData]!;

        // Then
        Assert.Equal([[], first, second], pixels.Fragments!.Select(f => f.ToArray()));
    }

    [Fact]
    public void Read_ExplicitUnOfUndefinedLength_ReadsItsItemsAsImplicitVr()
    {
        // Given: a sequence sent as UN with undefined length, whose content is implicit VR (PS3.5 6.2.2).
        var item = DicomBytes.Item(true, DicomBytes.Text(false, 0x0010, 0x0010, "PN", "NESTED^NAME"));
        byte[] un = [.. DicomBytes.Element(true, 0x0008, 0x1120, "UN", item, undefined: true), 0xFE, 0xFF, 0xDD, 0xE0,
            0, 0, 0, 0];
        var bytes = DicomBytes.File("1.2.840.10008.1.2.1", SampleStudy.CtImageStorage, "1.2.3", un);

        // When
        var sequence = DicomReader.Read(bytes, "un.dcm").Dataset[new DicomTag(0x0008, 0x1120)]!;

        // Then
        Assert.Equal("NESTED^NAME", Assert.Single(sequence.Items!).GetAscii(DicomTag.PatientName));
    }

    [Fact]
    public void Read_ExplicitUnOfDefinedLengthHoldingItems_ReadsThemAsImplicitVr()
    {
        var item = DicomBytes.Item(false, DicomBytes.Text(false, 0x0008, 0x1155, "UI", "1.2.3.4"));
        var un = DicomBytes.Element(true, 0x0008, 0x1140, "UN", item);
        var bytes = DicomBytes.File("1.2.840.10008.1.2.1", SampleStudy.CtImageStorage, "1.2.3", un);

        var sequence = DicomReader.Read(bytes, "un.dcm").Dataset[new DicomTag(0x0008, 0x1140)]!;

        Assert.Equal("1.2.3.4", Assert.Single(sequence.Items!).GetAscii(new DicomTag(0x0008, 0x1155)));
    }

    [Fact]
    public void Read_ImplicitSequenceTheDictionaryMisses_RecognisedByItsItemTag()
    {
        var bytes = DicomBytes.File("1.2.840.10008.1.2", SampleStudy.CtImageStorage, "1.2.3",
            DicomBytes.Sequence(false, 0x0018, 0x9346, false, DicomBytes.Item(false, DicomBytes.Text(false, 0x0008,
                0x0100, "SH", "C1"))));

        var sequence = DicomReader.Read(bytes, "implicit.dcm").Dataset[new DicomTag(0x0018, 0x9346)]!;

        Assert.Equal("C1", Assert.Single(sequence.Items!).GetAscii(new DicomTag(0x0008, 0x0100)));
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsNamingTheFileOrReadsAnExactPrefix()
    {
        // Given
        var bytes = SampleStudy.Ct(true, 1);

        for (var length = 0; length < bytes.Length; length++)
        {
            // When
            DicomFile? file = null;
            var error = Record.Exception(() => file = DicomReader.Read(bytes[..length], "cut.dcm"));

            // Then: a cut between two top-level elements leaves a shorter valid file, read as exactly that;
            // any other cut is an error that names the file and the offset.
            if (error is null)
            {
                using var written = new MemoryStream();
                DicomWriter.Write(file!, written);
                Assert.Equal(bytes[..length], written.ToArray());
                continue;
            }
            var format = Assert.IsType<DicomFormatException>(error);
            Assert.StartsWith("cut.dcm: ", format.Message);
            Assert.Contains("offset", format.Message);
        }
    }

    [Fact]
    public void Read_TruncatedInsideAnElement_SaysTruncatedAndNamesTheTag()
    {
        var bytes = SampleStudy.Ct(true, 1);

        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read(bytes[..^10], "cut.dcm"));

        Assert.Equal(DicomTag.PixelData, error.Tag);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("(7FE0,0010)", error.Message);
    }

    [Fact]
    public void Read_NotDicom_SaysSoAndNamesTheFile()
    {
        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read("hello, not an image"u8.ToArray(),
            "notes.txt"));

        Assert.Contains("notes.txt", error.Message);
        Assert.Contains("not a DICOM Part 10 file", error.Message);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.2", "Big Endian")]
    [InlineData("1.2.840.10008.1.2.1.99", "deflated")]
    [InlineData("1.3.6.1.4.1.99.1", "not a standard")]
    public void Read_UnsupportedTransferSyntax_RefusesNamingIt(string syntax, string expected)
    {
        var bytes = DicomBytes.File(syntax, SampleStudy.CtImageStorage, "1.2.3", DicomBytes.Text(true, 0x0010, 0x0010,
            "PN", "X"));

        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read(bytes, "odd.dcm"));

        Assert.Contains(syntax, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_PydicomSamples_ReadWholeFilesWithPixels()
    {
        foreach (var (name, pixelBytes) in new[] { ("CT_small.dcm", 128 * 128 * 2), ("MR_small.dcm", 64 * 64 * 2) })
        {
            var file = DicomReader.Read(Path.Combine(AppContext.BaseDirectory, "Data", name));

            Assert.Equal(pixelBytes, file.Dataset[DicomTag.PixelData]!.Value.Length);
            Assert.NotEmpty(file.Dataset.GetAscii(DicomTag.PatientName)!);
        }
    }
}
