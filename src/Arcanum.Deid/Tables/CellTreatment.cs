using System.Globalization;

namespace Arcanum.Deid.Tables;

/// <summary>
/// Applies one column's treatment cell by cell and counts what it did. A value the treatment cannot handle (a ZIP
/// that is not five digits, a date in another format) throws naming the column and line: passing it through
/// unchanged would leak it. Missing cells stay as they are.
/// </summary>
internal sealed class CellTreatment
{
    private readonly byte[]? _key;
    private readonly IFreeTextDeidentifier? _text;
    private readonly string _file;
    private readonly int _referenceYear;
    private int _present, _missing, _changed, _special;

    /// <param name="policy">The column's policy.</param>
    /// <param name="dateFormat">A date column's format.</param>
    /// <param name="key">The project key, for pseudonyms and shifts.</param>
    /// <param name="text">The free-text de-identifier, for text columns.</param>
    /// <param name="file">The input's name, for errors.</param>
    /// <param name="referenceYear">This year: years 90 or more before it are indicative of an age over 89.</param>
    public CellTreatment(ColumnPolicy policy, string? dateFormat, byte[]? key, IFreeTextDeidentifier? text,
        string file, int referenceYear)
    {
        _referenceYear = referenceYear;
        Policy = policy;
        DateFormat = dateFormat;
        _key = key;
        _text = text;
        _file = file;
    }

    public ColumnPolicy Policy { get; }

    /// <summary>The format a date column is read and written in.</summary>
    public string? DateFormat { get; }

    public bool Written => Policy.Treatment != Treatment.Drop;

    /// <param name="cell">The input cell.</param>
    /// <param name="patient">The row's patient identifier, or null when missing or not configured.</param>
    /// <param name="line">The input line, for errors.</param>
    public string? Apply(string? cell, string? patient, int line)
    {
        if (TableCsv.IsMissing(cell))
        {
            _missing++;
            return cell;
        }
        _present++;
        var value = cell!;
        var output = Policy.Treatment switch
        {
            Treatment.Keep => value,
            Treatment.Drop => null,
            Treatment.Pseudonym => Pseudonyms.Of(_key!, value),
            Treatment.Zip3 => Counted(SafeHarbor.Zip3(value), "000") ?? Fail(line, "is not a 5- or 9-digit ZIP code"),
            Treatment.Age => Counted(SafeHarbor.Age(value), SafeHarbor.Over89) ?? Fail(line, "is not an age in years"),
            Treatment.Date => Date(value, patient, line),
            Treatment.Text => _text!.Deidentify(value, patient ?? ""),
            _ => throw new InvalidOperationException($"Unhandled treatment {Policy.Treatment}."),
        };
        if (!string.Equals(output, value, StringComparison.Ordinal)) _changed++;
        return output;
    }

    public ColumnOutcome Outcome()
    {
        var detail = Policy.Treatment switch
        {
            Treatment.Drop => "column removed",
            Treatment.Pseudonym => "replaced by keyed pseudonyms",
            Treatment.Zip3 => F($"{_special:N0} in restricted ZIP3 areas became 000"),
            Treatment.Age => F($"{_special:N0} ages over 89 became 90+"),
            Treatment.Date when Policy.Date == DateTreatment.Year => F($"year kept (read as {DateFormat}); ")
                + F($"{_special:N0} year(s) 90 or more years back became {SafeHarbor.Year(0, _referenceYear)}"),
            Treatment.Date => $"shifted per patient, format {DateFormat} kept",
            Treatment.Text => "free text de-identified per patient",
            _ => "kept unchanged",
        };
        var changed = Policy.Treatment == Treatment.Drop ? _present + _missing : _changed;
        return new ColumnOutcome(Policy.Name, Policy.Describe(), Policy.QuasiIdentifier, _present, _missing,
            changed, detail);
    }

    private string? Date(string value, string? patient, int line)
    {
        if (Policy.Date == DateTreatment.Year)
        {
            var year = DateFormats.Year(value, DateFormat!) ?? Fail(line, $"is not a date in the format {DateFormat}");
            var kept = SafeHarbor.Year(int.Parse(year, CultureInfo.InvariantCulture), _referenceYear);
            if (kept != year) _special++;
            return kept;
        }
        if (patient is null)
            throw new DeidInputException($"{_file} line {line}: the patient column is empty, so the date in "
                + $"'{Policy.Name}' cannot be shifted per patient.");
        return DateFormats.Shift(value, DateFormat!, PatientDateShift.OffsetDays(_key!, patient))
            ?? Fail(line, $"is not a date in the format {DateFormat}");
    }

    private string? Counted(string? output, string special)
    {
        if (output == special) _special++;
        return output;
    }

    private string Fail(int line, string what) =>
        throw new DeidInputException($"{_file} line {line}: the value in column '{Policy.Name}' {what}. Nothing "
            + "was written; correct or blank the cell, or change the column's treatment.");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
