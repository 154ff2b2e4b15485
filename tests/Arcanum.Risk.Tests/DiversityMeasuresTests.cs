using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests;

public sealed class DiversityMeasuresTests
{
    [Fact]
    public void Measure_TenRecords_HomogeneousClassesGiveDistinctLOne()
    {
        // Given: classes of 1 and 2 hold only flu; the class of 3 holds three diagnoses, the class of 4 two
        var table = Releases.TenRecords();
        var classes = EquivalenceClasses.Group(table, ["age", "sex"]);

        // When
        var d = DiversityMeasures.Measure(classes, table["diagnosis"]);

        // Then: anyone who finds the first two classes learns the diagnosis of 3 records
        Assert.Equal(1, d.DistinctL);
        Assert.Equal(1.0, d.EntropyL, 12);
        Assert.Equal((2, 3), (d.HomogeneousClasses, d.RecordsInHomogeneousClasses));
        // Overall flu 6/10, asthma 3/10, copd 1/10; an all-flu class is ½(0.4 + 0.3 + 0.1) = 0.4 away
        Assert.Equal(0.4, d.TCloseness, 12);
        Assert.Equal("equal", d.Distance);
    }

    [Fact]
    public void Measure_DiverseClasses_EntropyLIsTheLeastDiverseClass()
    {
        // Given: {a, b} and {a, b, c, c}: entropies ln 2 and 1.5 ln 2
        var table = Releases.Table("g,s\n1,a\n1,b\n2,a\n2,b\n2,c\n2,c");
        var classes = EquivalenceClasses.Group(table, ["g"]);

        var d = DiversityMeasures.Measure(classes, table["s"]);

        Assert.Equal(2, d.DistinctL);
        Assert.Equal(2.0, d.EntropyL, 12);
        Assert.Equal(0, d.HomogeneousClasses);
    }

    [Fact]
    public void Measure_NumericSensitive_OrderedDistance()
    {
        // Given: values 1, 2, 3 equally often overall; each class holds one value
        var table = Releases.Table("g,s\n1,1\n1,1\n2,2\n2,2\n3,3\n3,3");
        var classes = EquivalenceClasses.Group(table, ["g"]);

        var d = DiversityMeasures.Measure(classes, table["s"]);

        // Class {1}: cumulative differences 2/3 and 1/3 over m − 1 = 2 → 0.5 (the middle class: 1/3)
        Assert.Equal(0.5, d.TCloseness, 12);
        Assert.Equal("ordered", d.Distance);
    }

    [Fact]
    public void Measure_MissingSensitive_IsAValueOfItsOwn()
    {
        // Given: one class with a diagnosis and a blank
        var table = Releases.Table("g,s\n1,flu\n1,\n2,flu\n2,flu");
        var classes = EquivalenceClasses.Group(table, ["g"]);

        var d = DiversityMeasures.Measure(classes, table["s"]);

        Assert.Equal(1, d.DistinctL);
        Assert.Equal((1, 2), (d.HomogeneousClasses, d.RecordsInHomogeneousClasses));
    }
}
