namespace Tessera.Sql.Tests;

public class FuzzTests
{
    private static readonly string[] Vocabulary =
    [
        "select", "from", "where", "and", "or", "not", "(", ")", ",", ".", "*", "+", "-", "/", "=", "<", ">", "<=", "!=",
        "'x'", "\"y\"", "`z`", "1", "2.5", "1e3", "0x1f", "x'00'", "b'1'", "?", ":v", "@a", "@@b", "@@session.c",
        "t", "a", "b", "join", "left", "on", "using", "group", "by", "order", "limit", "offset", "having", "union",
        "all", "insert", "into", "values", "update", "set", "delete", "in", "between", "like", "is", "null", "case",
        "when", "then", "else", "end", "cast", "as", "char", "interval", "day", "exists", "distinct", "count",
        "create", "table", "int", "primary", "key", "drop", "alter", "add", "column", "show", "tables", "use", ";",
        "/*", "*/", "--", "#", "\n", "/*!50000", "for", "update", "with", "recursive", "over", "partition",
        "next", "value", "begin", "commit", "rollback", "->", "->>", "||", "&&", "!", "~", "^", "<<", "collate",
    ];

    // Random token soup never makes the parser throw anything but the MySQL syntax error.
    [Fact]
    public void RandomTokens_OnlyEverRaiseSyntaxErrors()
    {
        var rng = new Random(4242);
        for (var i = 0; i < 20_000; i++)
        {
            var n = rng.Next(1, 25);
            var parts = new string[n];
            for (var k = 0; k < n; k++)
            {
                parts[k] = Vocabulary[rng.Next(Vocabulary.Length)];
            }

            AssertOnlySyntaxErrors(string.Join(rng.Next(4) == 0 ? "" : " ", parts));
        }
    }

    // Every case, mutated (characters deleted, duplicated, replaced, cut short), never makes the
    // parser, formatter or normalizer throw anything but the syntax error.
    [Fact]
    public void MutatedCases_OnlyEverRaiseSyntaxErrors()
    {
        var rng = new Random(7);
        const string alphabet = "()',.`\"*-+/;=<>!@:?#\\ \n0aZ_";
        foreach (var c in CaseFile.All("Cases"))
        {
            for (var m = 0; m < 12; m++)
            {
                var chars = c.Input.ToCharArray().ToList();
                var edits = rng.Next(1, 4);
                for (var e = 0; e < edits && chars.Count > 0; e++)
                {
                    var pos = rng.Next(chars.Count);
                    switch (rng.Next(4))
                    {
                        case 0: chars.RemoveAt(pos); break;
                        case 1: chars.Insert(pos, chars[pos]); break;
                        case 2: chars[pos] = alphabet[rng.Next(alphabet.Length)]; break;
                        default: chars.RemoveRange(pos, chars.Count - pos); break;
                    }
                }

                AssertOnlySyntaxErrors(new string(chars.ToArray()));
            }
        }
    }

    [Fact]
    public void DeepNesting_IsASyntaxErrorNotACrash()
    {
        var deep = "select " + new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(deep));
        var minus = "select " + string.Concat(Enumerable.Repeat("- ", 100_000)) + "1";
        Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(minus));
    }

    [Fact]
    public void LongOrChain_ParsesFormatsAndNormalizes()
    {
        var sql = "select a from t where " + string.Join(" or ", Enumerable.Range(0, 2000).Select(i => "a = " + i));
        var stmt = SqlParser.Parse(sql);
        Assert.Equal(sql, stmt.ToString());
        var (normalized, binds) = Normalizing.Normalizer.Normalize(stmt);
        Assert.Equal(2000, binds.Count);
        Assert.Contains("a = :vtg2000", normalized.ToString(), StringComparison.Ordinal);
    }

    private static void AssertOnlySyntaxErrors(string sql)
    {
        try
        {
            var stmt = SqlParser.Parse(sql);
            var text = stmt.ToString();
            Normalizing.Normalizer.Normalize(stmt);
            SqlParser.Parse(text);
        }
        catch (SqlSyntaxException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} for input [{sql}]: {e.Message}\n{e.StackTrace}");
        }

        try
        {
            SqlParser.ParseMultiple(sql);
        }
        catch (SqlSyntaxException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} (multi) for input [{sql}]: {e.Message}\n{e.StackTrace}");
        }
    }
}
