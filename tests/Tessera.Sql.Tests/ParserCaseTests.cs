using System.Text;

namespace Tessera.Sql.Tests;

public class ParserCaseTests
{
    public static IEnumerable<object[]> CaseFiles() => CaseFile.Files("Cases").Select(f => new object[] { Path.GetFileName(f) });

    // Every statement of Cases/*.txt parses and formats to its canonical text (the input itself
    // when no `==>` part is given).
    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void Statement_FormatsToCanonicalText(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Cases", file);
        var cases = CaseFile.Read(path);
        var failures = new StringBuilder();
        var rewritten = new List<string>();
        foreach (var c in cases)
        {
            string actual;
            try
            {
                actual = SqlParser.Parse(c.Input).ToString();
            }
            catch (SqlSyntaxException e)
            {
                actual = "ERROR: " + e.Message;
            }

            var expected = c.Expected.Length > 0 ? c.Expected[0] : c.Input;
            rewritten.Add(actual == c.Input ? c.Input : c.Input + CaseFile.Separator + actual);
            if (actual != expected)
            {
                failures.Append(c.File).Append(':').Append(c.Line).Append(": ").AppendLine(c.Input)
                    .Append("  expected: ").AppendLine(expected).Append("  actual:   ").AppendLine(actual);
            }
        }

        if (CaseFile.Rewrite)
        {
            CaseFile.WriteBack("Cases", path, rewritten);
            return;
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    // format(parse(format(parse(s)))) == format(parse(s)) for every case.
    [Fact]
    public void EveryCase_RoundTripsThroughTheFormatter()
    {
        var failures = new StringBuilder();
        var count = 0;
        foreach (var c in CaseFile.All("Cases").Concat(CaseFile.All("Normalize")))
        {
            string once;
            try
            {
                once = SqlParser.Parse(c.Input).ToString();
            }
            catch (SqlSyntaxException)
            {
                continue;
            }

            count++;
            try
            {
                var twice = SqlParser.Parse(once).ToString();
                if (twice != once)
                {
                    failures.AppendLine(c.File + ":" + c.Line + ": " + once + "\n  reparsed: " + twice);
                }
            }
            catch (SqlSyntaxException e)
            {
                failures.AppendLine(c.File + ":" + c.Line + ": " + once + "\n  does not reparse: " + e.Message);
            }
        }

        Assert.True(count > 0);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void CaseFiles_HaveNoDuplicateStatements()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var dups = new List<string>();
        foreach (var c in CaseFile.All("Cases"))
        {
            if (!seen.TryAdd(c.Input, c.File + ":" + c.Line))
            {
                dups.Add(c.File + ":" + c.Line + " repeats " + seen[c.Input] + ": " + c.Input);
            }
        }

        Assert.True(dups.Count == 0, string.Join("\n", dups));
    }
}
