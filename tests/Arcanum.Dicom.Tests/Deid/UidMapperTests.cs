using Arcanum.Dicom.Deid;

namespace Arcanum.Dicom.Tests.Deid;

public sealed class UidMapperTests
{
    [Fact]
    public void Map_SameKeyAndUid_SameValidUid_OtherKeyOrUid_Different()
    {
        byte[] key = [.. Enumerable.Repeat((byte)1, 32)], other = [.. Enumerable.Repeat((byte)2, 32)];

        var uid = UidMapper.Map(key, "1.2.3.4");

        Assert.Matches(@"^2\.25\.(0|[1-9][0-9]{0,38})$", uid);
        Assert.Equal(uid, UidMapper.Map(key, "1.2.3.4"));
        Assert.NotEqual(uid, UidMapper.Map(other, "1.2.3.4"));
        Assert.NotEqual(uid, UidMapper.Map(key, "1.2.3.5"));
    }

    [Fact]
    public void MapAll_MultiValued_MapsEachValue()
    {
        byte[] key = [.. Enumerable.Repeat((byte)1, 32)];

        var mapped = UidMapper.MapAll(key, "1.2.3\\1.2.4");

        Assert.Equal($"{UidMapper.Map(key, "1.2.3")}\\{UidMapper.Map(key, "1.2.4")}", mapped);
    }
}
