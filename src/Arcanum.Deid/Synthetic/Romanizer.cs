using System.Collections.Frozen;
using System.Text;

namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Latin-alphabet spelling of names drawn from other locales (Müller to Muller, Łukasz to Lukasz, Nguyễn to
/// Nguyen), the way foreign names are usually typed into US clinical systems. A table rather than Unicode
/// decomposition, because the build runs with invariant globalization, where String.Normalize leaves letters as
/// they are. The table is Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional, each letter with
/// its marks removed.
/// </summary>
internal static class Romanizer
{
    private const string Accented =
        "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨ"
        + "ĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ"
        + "ǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙ"
        + "ḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳ"
        + "ṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồ"
        + "ỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";

    private const string Plain =
        "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhI"
        + "iIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuU"
        + "uAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEe"
        + "EeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUu"
        + "UuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOo"
        + "OoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy";

    private static readonly FrozenDictionary<char, string> Map = Build();

    public static string Romanize(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c < 128) result.Append(c);
            else if (Map.TryGetValue(c, out var replacement)) result.Append(replacement);
        }
        return result.ToString();
    }

    private static FrozenDictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>
        {
            ['ł'] = "l", ['Ł'] = "L", ['đ'] = "d", ['Đ'] = "D", ['ø'] = "o", ['Ø'] = "O", ['ß'] = "ss", ['ı'] = "i",
            ['æ'] = "ae", ['Æ'] = "Ae", ['œ'] = "oe", ['Œ'] = "Oe", ['ð'] = "d", ['þ'] = "th", ['’'] = "'",
        };
        for (var i = 0; i < Accented.Length; i++) map.TryAdd(Accented[i], Plain[i].ToString());
        return map.ToFrozenDictionary();
    }
}
