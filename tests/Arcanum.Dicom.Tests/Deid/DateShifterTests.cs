using Arcanum.Dicom.Deid;

namespace Arcanum.Dicom.Tests.Deid;

public sealed class DateShifterTests
{
    [Theory]
    [InlineData("20240301", -1, "20240229")]
    [InlineData("20240301\\20250101", -366, "20230301\\20240101")]
    [InlineData("2024.03.01", -1, null)]
    [InlineData("202403", -1, null)]
    public void ShiftDate_Values_ShiftedOrRefused(string value, int days, string? expected) =>
        Assert.Equal(expected, DateShifter.ShiftDate(value, days));

    [Theory]
    [InlineData("20240301120000.5+0100", -1, "20240229120000.5")]
    [InlineData("20240301", 1, "20240302")]
    [InlineData("2024", 1, null)]
    public void ShiftDateTime_Values_DatePartShiftedZoneDropped(string value, int days, string? expected) =>
        Assert.Equal(expected, DateShifter.ShiftDateTime(value, days));

    [Fact]
    public void OffsetDays_ManyPatients_InRangeAndSpread()
    {
        byte[] key = [.. Enumerable.Repeat((byte)7, 32)];

        var offsets = Enumerable.Range(0, 500).Select(i => DateShifter.OffsetDays(key,
            System.Text.Encoding.ASCII.GetBytes($"P{i}"))).ToList();

        Assert.All(offsets, o => Assert.InRange(-o, DateShifter.MinDaysBack, DateShifter.MaxDaysBack));
        Assert.True(offsets.Distinct().Count() > 400);
    }
}
