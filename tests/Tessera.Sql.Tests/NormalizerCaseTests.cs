using System.Text;
using Tessera.Sql.Normalizing;

namespace Tessera.Sql.Tests;

public class NormalizerCaseTests
{
    // Normalize/*.txt: `input ==> normalized text ==> vtg1=value, vtg2=value`.
    [Fact]
    public void Statement_NormalizesLiteralsToBindVariables()
    {
        foreach (var file in CaseFile.Files("Normalize"))
        {
            var failures = new StringBuilder();
            var rewritten = new List<string>();
            foreach (var c in CaseFile.Read(file))
            {
                var (stmt, binds) = Normalizer.Normalize(SqlParser.Parse(c.Input));
                var text = stmt.ToString();
                var values = string.Join(", ", binds.Select(kv => kv.Key + "=" + kv.Value));
                rewritten.Add(c.Input + CaseFile.Separator + text + CaseFile.Separator + values);
                var expectedText = c.Expected.Length > 0 ? c.Expected[0] : "";
                var expectedValues = c.Expected.Length > 1 ? c.Expected[1] : "";
                if (text != expectedText || values != expectedValues)
                {
                    failures.AppendLine($"{c.File}:{c.Line}: {c.Input}\n  expected: {expectedText} | {expectedValues}\n  actual:   {text} | {values}");
                }
            }

            if (CaseFile.Rewrite)
            {
                CaseFile.WriteBack("Normalize", file, rewritten);
                continue;
            }

            Assert.True(failures.Length == 0, failures.ToString());
        }
    }

    [Fact]
    public void Normalize_SameShapeDifferentConstants_GivesSameText()
    {
        var a = Normalizer.Normalize(SqlParser.Parse("select c from sbtest1 where id = 17")).Statement.ToString();
        var b = Normalizer.Normalize(SqlParser.Parse("SELECT c FROM sbtest1 WHERE id=99")).Statement.ToString();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Normalize_ReturnsTheOriginalValues()
    {
        var (_, binds) = Normalizer.Normalize(SqlParser.Parse("insert into t(a, b) values (-5, 'it''s')"));
        Assert.Equal(LiteralKind.Integer, binds["vtg1"].Kind);
        Assert.Equal("-5", binds["vtg1"].Value);
        Assert.Equal("it's", binds["vtg2"].Value);
    }

    [Fact]
    public void Normalize_LeavesNonDmlStatementsAlone()
    {
        var stmt = SqlParser.Parse("set @@session.sql_mode = 'ANSI'");
        var (result, binds) = Normalizer.Normalize(stmt);
        Assert.Same(stmt, result);
        Assert.Empty(binds);
    }

    [Fact]
    public void Normalize_WithoutLiterals_ReturnsTheSameTree()
    {
        var stmt = SqlParser.Parse("select a from t where b = ? order by 1 limit 10");
        Assert.Same(stmt, Normalizer.Normalize(stmt).Statement);
    }
}

public class BindValuesTests
{
    [Fact]
    public void BindValues_LookUpByNameAndEnumerateInOrder()
    {
        var (_, binds) = Normalizing.Normalizer.Normalize(SqlParser.Parse("select a from t where b = :vtg2 and c = 1 and d = 'x'"));
        Assert.Equal(["vtg3", "vtg4"], binds.Keys);
        Assert.Equal("1", binds["vtg3"].Value);
        Assert.True(binds.ContainsKey("vtg4"));
        Assert.False(binds.ContainsKey("vtg1"));
        Assert.False(binds.ContainsKey("vtg03"));
        Assert.False(binds.TryGetValue("vtg5", out _));
        Assert.Throws<KeyNotFoundException>(() => binds["nope"]);
    }
}
