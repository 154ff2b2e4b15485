namespace Arcanum.Dicom;

/// <summary>A Part 10 file: the file meta information (group 0002) and the data set, in its transfer syntax.</summary>
public sealed class DicomFile(DicomDataset meta, DicomDataset dataset, TransferSyntax syntax)
{
    public DicomDataset Meta { get; } = meta;

    public DicomDataset Dataset { get; } = dataset;

    public TransferSyntax Syntax { get; } = syntax;

    public override string ToString() => $"DicomFile [{Syntax.Uid}, {Dataset.Count} element(s)]";
}
