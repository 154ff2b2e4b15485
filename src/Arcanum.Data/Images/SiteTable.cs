using Arcanum.Data.Tables;

namespace Arcanum.Data.Images;

/// <summary>Each patient's site from a CSV table (<see cref="ImageFolderOptions.SiteTable"/>), read as text so
/// that "007" stays "007".</summary>
internal sealed class SiteTable
{
    private readonly Dictionary<string, string> _siteOf;
    private readonly string _path;

    private SiteTable(Dictionary<string, string> siteOf, string path)
    {
        _siteOf = siteOf;
        _path = path;
    }

    public static SiteTable Read(string path, string patientColumn, string siteColumn)
    {
        if (!File.Exists(path))
            throw new ImageDataException(path, $"Site table '{Path.GetFullPath(path)}' does not exist; "
                + "pass the CSV that lists each patient's site, or leave SiteTable unset to use site folders.");
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        var options = new CsvReadOptions
        {
            TypeOverrides = new Dictionary<string, ColumnType>
            {
                [patientColumn] = ColumnType.Identifier,
                [siteColumn] = ColumnType.Identifier,
            },
        };
        DataTable table;
        try
        {
            table = CsvTableReader.Read(path, options);
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException)
        {
            throw new ImageDataException(path, $"Site table '{Path.GetFileName(path)}': {e.Message} "
                + $"Set PatientColumn and SiteColumn to columns of its header ({header}).", e);
        }
        var patients = table[patientColumn];
        var sites = table[siteColumn];
        var siteOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var row = 0; row < table.RowCount; row++)
        {
            var (patient, site) = (patients.RawValue(row), sites.RawValue(row));
            if (patient is null || site is null)
                throw new ImageDataException(path, $"Site table '{Path.GetFileName(path)}' row {row + 1}: the "
                    + $"'{(patient is null ? patientColumn : siteColumn)}' cell is empty; every patient needs a site.");
            if (siteOf.TryGetValue(patient, out var earlier) && earlier != site)
                throw new ImageDataException(path, $"Site table '{Path.GetFileName(path)}' gives patient "
                    + $"'{patient}' two sites ('{earlier}' and '{site}'); a patient belongs to one site.");
            siteOf[patient] = site;
        }
        return new SiteTable(siteOf, path);
    }

    public string SiteOf(string patient, string file) =>
        _siteOf.TryGetValue(patient, out var site) ? site
        : throw new ImageDataException(file, $"Patient '{patient}' (of {file}) is not in site table "
            + $"'{Path.GetFileName(_path)}'; add a row for it or move its files out of the folder.");
}
