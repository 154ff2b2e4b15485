using Arcanum.Data;
using Arcanum.Data.Tables;

namespace Arcanum.Risk.Tests.Support;

/// <summary>Small hand-built releases whose risk figures are worked out by hand in the tests.</summary>
internal static class Releases
{
    public static DataTable Table(string csv, string name = "release.csv") => CsvTableReader.ReadText(csv, name);

    /// <summary>10 records in classes of 1, 2, 3 and 4 on (age, sex); diagnosis varies within the classes of 3 and
    /// 4.</summary>
    public static DataTable TenRecords() => Table(string.Join("\n",
        "age,sex,diagnosis",
        "30,F,flu",
        "40,M,flu", "40,M,flu",
        "50,F,flu", "50,F,asthma", "50,F,copd",
        "60,M,flu", "60,M,asthma", "60,M,flu", "60,M,asthma"));
}
