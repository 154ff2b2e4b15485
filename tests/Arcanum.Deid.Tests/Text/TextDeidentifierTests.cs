using System.Globalization;
using System.Text.RegularExpressions;
using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

/// <summary>Redaction format and the promises of surrogate mode: consistency, intervals, shapes, key required.</summary>
public sealed class TextDeidentifierTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Process_Redact_WritesTypeInBracketsAndKeepsTheRest()
    {
        // Given
        var deid = new TextDeidentifier(TextDeidMode.Redact);

        // When
        var result = deid.Process("Dr. Okonkwo saw her on 3/4/2098 for asthma.", "p1");

        // Then
        Assert.Equal("Dr. [NAME] saw her on [DATE] for asthma.", result.Text);
    }

    [Fact]
    public void Process_Surrogate_SameNameSameSurrogateAndOriginalGone()
    {
        // Given
        var deid = new TextDeidentifier(TextDeidMode.Surrogate, Key);

        // When
        var first = deid.Process("Dr. Okonkwo called.", "p1").Text;
        var second = deid.Process("Later Dr. Okonkwo reviewed the films.", "p1").Text;

        // Then
        var surrogate = first["Dr. ".Length..first.IndexOf(" called", StringComparison.Ordinal)];
        Assert.DoesNotContain("Okonkwo", first + second);
        Assert.Matches("^[A-Z][a-z'-]+$", surrogate);
        Assert.Contains($"Dr. {surrogate} reviewed", second);
    }

    [Fact]
    public void Process_Surrogate_DatesKeepFormatAndIntervalsWithinPatient()
    {
        // Given
        var deid = new TextDeidentifier(TextDeidMode.Surrogate, Key);

        // When
        var text = deid.Process("Admitted 3/4/2098, discharged 3/14/2098.", "p1").Text;

        // Then
        var dates = Regex.Matches(text, @"\d{1,2}/\d{1,2}/\d{4}").Select(m =>
            DateTime.ParseExact(m.Value, "M/d/yyyy", CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, dates.Length);
        Assert.Equal(10, (dates[1] - dates[0]).Days);
        Assert.NotEqual(new DateTime(2098, 3, 4), dates[0]);
    }

    [Fact]
    public void Process_Surrogate_SameShiftAcrossOnePatientsNotes()
    {
        // Given
        var deid = new TextDeidentifier(TextDeidMode.Surrogate, Key);

        // When
        var a = deid.Process("Seen 2098-03-04.", "p7").Text;
        var b = deid.Process("Seen 2098-03-11.", "p7").Text;

        // Then
        var da = DateTime.Parse(a[5..15], CultureInfo.InvariantCulture);
        var db = DateTime.Parse(b[5..15], CultureInfo.InvariantCulture);
        Assert.Equal(7, (db - da).Days);
    }

    [Theory]
    [InlineData("Surgery on March 4th.", @"^Surgery on (January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(st|nd|rd|th)\.$")]
    [InlineData("Seen 04-Mar again.", @"^Seen \d\d-[A-Z][a-z]{2} again\.$")]
    [InlineData("Call 617-555-0199 now.", @"^Call \d{3}-\d{3}-\d{4} now\.$")]
    public void Process_Surrogate_KeepsTheShape(string text, string pattern)
    {
        var result = new TextDeidentifier(TextDeidMode.Surrogate, Key).Process(text, "p1").Text;

        Assert.Matches(pattern, result);
        Assert.NotEqual(text, result);
    }

    [Fact]
    public void Constructor_SurrogateWithoutKey_ThrowsSayingHowToMakeOne()
    {
        var error = Assert.Throws<DeidInputException>(() => new TextDeidentifier(TextDeidMode.Surrogate));

        Assert.Contains("head -c 32 /dev/urandom", error.Message);
    }

    [Fact]
    public void Deidentify_AsFreeTextHook_RedactsACell()
    {
        IFreeTextDeidentifier hook = new TextDeidentifier(TextDeidMode.Redact);

        Assert.Equal("Call [PHONE].", hook.Deidentify("Call 617-555-0199.", "p1"));
    }
}
