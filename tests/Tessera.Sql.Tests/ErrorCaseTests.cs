using System.Text;

namespace Tessera.Sql.Tests;

public class ErrorCaseTests
{
    // Errors/*.txt: `statement ==> offset:line` of the token the parser refused.
    [Fact]
    public void InvalidStatement_IsRejectedAtTheRightPosition()
    {
        foreach (var file in CaseFile.Files("Errors"))
        {
            var failures = new StringBuilder();
            var rewritten = new List<string>();
            foreach (var c in CaseFile.Read(file))
            {
                var input = c.Input.Replace("\\n", "\n", StringComparison.Ordinal);
                string actual;
                try
                {
                    var s = SqlParser.Parse(input);
                    actual = "PARSED: " + s;
                }
                catch (SqlSyntaxException e)
                {
                    actual = e.Position + ":" + e.Line;
                }

                rewritten.Add(c.Input + CaseFile.Separator + actual);
                var expected = c.Expected.Length > 0 ? c.Expected[0] : "";
                if (actual != expected)
                {
                    failures.AppendLine($"{c.File}:{c.Line}: {c.Input}\n  expected: {expected}\n  actual:   {actual}");
                }
            }

            if (CaseFile.Rewrite)
            {
                CaseFile.WriteBack("Errors", file, rewritten);
                continue;
            }

            Assert.True(failures.Length == 0, failures.ToString());
        }
    }

    [Fact]
    public void SyntaxError_HasMySqlNumberStateAndMessage()
    {
        var e = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("select * fromm t where"));
        Assert.Equal(1064, e.Number);
        Assert.Equal("42000", e.State);
        Assert.Equal(
            "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'fromm t where' at line 1",
            e.Message);
    }

    [Fact]
    public void SyntaxError_AtEndOfInput_QuotesNothing()
    {
        var e = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("select a from"));
        Assert.EndsWith("near '' at line 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(13, e.Position);
    }

    [Fact]
    public void SyntaxError_OnLaterLine_ReportsThatLine()
    {
        var e = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("select a\nfrom t\nwhere where"));
        Assert.Equal(3, e.Line);
        Assert.EndsWith("near 'where' at line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_QuotesAtMostEightyCharacters()
    {
        var e = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse("select from " + new string('x', 200)));
        Assert.Equal(80, e.Near.Length);
    }
}
