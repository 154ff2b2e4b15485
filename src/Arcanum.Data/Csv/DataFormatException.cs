namespace Arcanum.Data;

/// <summary>
/// A file that cannot be read as a table. The message names the file, the 1-based physical
/// <see cref="Line"/> and, where one is at fault, the column: <c>pbc3.csv line 14, column 'bili': the cell is not a number (column is numeric)</c>. Never a cell's value: errors
/// end up in terminals, logs and tickets, and the cell may be a patient's.
/// <see cref="Exception.Source"/> holds the file path (or the name given to text).
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string message, string source, int line, string? columnName = null)
        : base(message)
    {
        Source = source;
        Line = line;
        ColumnName = columnName;
    }

    public DataFormatException()
    {
    }

    public DataFormatException(string message)
        : base(message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line of the file where the problem is; 0 when not tied to a line.</summary>
    public int Line { get; }

    /// <summary>The column at fault, when one is.</summary>
    public string? ColumnName { get; }

    internal static DataFormatException At(string source, int line, string? column, string detail)
    {
        var where = column is null ? $"{Path.GetFileName(source)} line {line}" : $"{Path.GetFileName(source)} line {line}, column '{column}'";
        return new DataFormatException($"{where}: {detail}", source, line, column);
    }

    /// <summary>A problem with the whole line, worded as its continuation: "pbc3.csv line 7 has 13 fields...".</summary>
    internal static DataFormatException OfLine(string source, int line, string continuation) =>
        new($"{Path.GetFileName(source)} line {line} {continuation}", source, line);
}
