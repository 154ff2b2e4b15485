using Arcanum.Dicom.Tests.Support;

namespace Arcanum.Dicom.Tests;

public sealed class DicomWriterTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_UnchangedFile_ReproducesTheBytesExactly(bool explicitVr)
    {
        // Given: a file with both length forms, built by hand.
        var original = SampleStudy.Ct(explicitVr, 3);

        // When
        var written = Write(DicomReader.Read(original, "in.dcm"));

        // Then
        Assert.Equal(original, written);
    }

    [Fact]
    public void Write_EncapsulatedPixelData_ReproducesTheBytesExactly()
    {
        var original = DicomBytes.File("1.2.840.10008.1.2.4.50", SampleStudy.CtImageStorage, "1.2.3",
            DicomBytes.Text(true, 0x0010, 0x0010, "PN", "X"), DicomBytes.Encapsulated([9, 8, 7, 6], [5, 4]));

        Assert.Equal(original, Write(DicomReader.Read(original, "in.dcm")));
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small.dcm")]
    public void Write_PydicomSample_ReadWriteReadGivesTheSameDataSet(string name)
    {
        // Given
        var first = DicomReader.Read(Path.Combine(AppContext.BaseDirectory, "Data", name));

        // When
        var second = DicomReader.Read(Write(first), "again.dcm");

        // Then
        Assert.Equal(Dump.Of(first.Dataset), Dump.Of(second.Dataset));
        Assert.Equal(first.Syntax, second.Syntax);
    }

    [Fact]
    public void Write_ChangedValueInsideDefinedLengthItem_RecomputesTheLengths()
    {
        var file = DicomReader.Read(SampleStudy.Ct(true, 1), "in.dcm");
        var item = file.Dataset[new DicomTag(0x0040, 0x0275)]!.Items![0];
        item.SetAscii(new DicomTag(0x0040, 0x1001), "SH", "A MUCH LONGER ID");

        var again = DicomReader.Read(Write(file), "out.dcm");

        var read = again.Dataset[new DicomTag(0x0040, 0x0275)]!.Items![0];
        Assert.Equal("A MUCH LONGER ID", read.GetAscii(new DicomTag(0x0040, 0x1001)));
        Assert.Equal(SampleStudy.Pixels(1), again.Dataset[DicomTag.PixelData]!.Value.ToArray());
    }

    private static byte[] Write(DicomFile file)
    {
        using var stream = new MemoryStream();
        DicomWriter.Write(file, stream);
        return stream.ToArray();
    }
}
