using System.Collections.Frozen;

namespace Tessera.Sql.Lexing;

// The keyword table. Reserved words (MySQL 8 / MariaDB reserved lists, trimmed to what the grammar
// uses) cannot be bare identifiers and are backquoted by the formatter; every other keyword is also
// a valid identifier (`status`, `user`, `date`, `groups` ...).
// https://dev.mysql.com/doc/refman/8.0/en/keywords.html
internal static class Keywords
{
    private static readonly FrozenDictionary<string, Kw> Table = Enum.GetValues<Kw>()
        .Where(k => k != Kw.None)
        .ToFrozenDictionary(k => k.ToString(), k => k, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Kw>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly bool[] Reserved = BuildReserved();

    public static Kw Lookup(ReadOnlySpan<char> text) =>
        text.Length <= 24 && SpanLookup.TryGetValue(text, out var kw) ? kw : Kw.None;

    public static bool IsReserved(Kw kw) => Reserved[(int)kw];

    public static bool IsReservedWord(string text) => IsReserved(Lookup(text));

    private static bool[] BuildReserved()
    {
        var r = new bool[Enum.GetValues<Kw>().Length + 1];
        for (var k = Kw.ADD; k <= Kw.ZEROFILL; k++)
        {
            r[(int)k] = true;
        }

        return r;
    }
}
