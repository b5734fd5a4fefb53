using System.Text;

namespace Tessera.Sql.Tests;

// The canonical text must mean what the input meant: every table-free SELECT of the case files is
// run on a real MariaDB as written and as formatted, and both must give the same row. And every
// canonical DDL/DML text must be accepted by MariaDB's own parser.
public class MariaDbEquivalenceTests : IClassFixture<MariaDbFixture>
{
    private readonly MariaDbFixture _db;

    public MariaDbEquivalenceTests(MariaDbFixture db)
    {
        _db = db;
    }

    [Fact]
    public void ConstantSelects_EvaluateTheSameAsWrittenAndAsFormatted()
    {
        using var conn = _db.Open();
        var failures = new StringBuilder();
        var compared = 0;
        var evaluated = 0;
        foreach (var c in CaseFile.All("Cases").Where(c => c.File == "precedence.txt"))
        {
            var canonical = SqlParser.Parse(c.Input).ToString();
            var original = Evaluate(conn, c.Input);
            var formatted = Evaluate(conn, canonical);
            compared++;
            if (!original.StartsWith("error", StringComparison.Ordinal))
            {
                evaluated++;
            }

            if (original != formatted)
            {
                failures.AppendLine($"{c.File}:{c.Line}: {c.Input} = {original}, but {canonical} = {formatted}");
            }
        }

        Assert.True(compared > 500);
        Assert.True(evaluated > 400, $"only {evaluated} of {compared} evaluated without error");
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void CanonicalDdl_IsAcceptedByMariaDb()
    {
        using var conn = _db.Open();
        Exec(conn, "create database if not exists eqv");
        Exec(conn, "use eqv");
        var failures = new StringBuilder();
        foreach (var c in CaseFile.All("Cases").Where(c => c.File == "ddl.txt" && c.Input.StartsWith("create table t (", StringComparison.OrdinalIgnoreCase)))
        {
            var canonical = SqlParser.Parse(c.Input).ToString();
            Exec(conn, "drop table if exists t");
            try
            {
                Exec(conn, canonical);
            }
            catch (MySqlConnector.MySqlException e) when (e.Number == 1064)
            {
                failures.AppendLine($"{c.File}:{c.Line}: {canonical}\n  {e.Message}");
            }
            catch (MySqlConnector.MySqlException)
            {
                // Semantic errors (unknown referenced table ...) are not the formatter's business.
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    // MariaDB's own parser (PREPARE checks syntax before it looks for tables) must accept the
    // canonical text of every case whose original text it accepts.
    [Fact]
    public void CanonicalText_ParsesOnMariaDbWheneverTheInputDoes()
    {
        using var conn = _db.Open();
        Exec(conn, "create database if not exists eqv2");
        Exec(conn, "use eqv2");
        var failures = new StringBuilder();
        var checkedCount = 0;
        foreach (var c in CaseFile.All("Cases"))
        {
            string canonical;
            try
            {
                canonical = SqlParser.Parse(c.Input).ToString();
            }
            catch (SqlSyntaxException)
            {
                continue;
            }

            // Vitess's own sequence syntax is answered by the gate and never reaches MariaDB.
            if (canonical == c.Input || canonical.StartsWith("select next ", StringComparison.Ordinal) || PrepareError(conn, c.Input) == 1064)
            {
                continue;
            }

            checkedCount++;
            if (PrepareError(conn, canonical) == 1064)
            {
                failures.AppendLine($"{c.File}:{c.Line}: {c.Input}\n  canonical rejected: {canonical}");
            }
        }

        Assert.True(checkedCount > 100);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    // What the parser refuses, MariaDB refuses too (as far as PREPARE can tell).
    [Fact]
    public void RejectedStatements_AreAlsoSyntaxErrorsOnMariaDb()
    {
        using var conn = _db.Open();
        Exec(conn, "create database if not exists eqv3");
        Exec(conn, "use eqv3");
        var accepted = new StringBuilder();
        foreach (var c in CaseFile.All("Errors"))
        {
            var sql = c.Input.Replace("\\n", "\n", StringComparison.Ordinal);
            var error = PrepareError(conn, sql);
            if (error is 0 or 1146 or 1054 or 1049 or 1046)
            {
                accepted.AppendLine($"{c.File}:{c.Line}: {c.Input} (MariaDB: {error})");
            }
        }

        Assert.True(accepted.Length == 0, accepted.ToString());
    }

    // The error text is MariaDB's own: for nearly every rejected case the message (near '...' at
    // line N) is identical to what the server says. A few differ by where the server's LALR parser
    // happens to notice the error (e.g. `select a,, b` is quoted from after the second comma).
    [Fact]
    public void SyntaxErrorMessages_MatchMariaDbs()
    {
        using var conn = _db.Open();
        var same = 0;
        var diff = new StringBuilder();
        foreach (var c in CaseFile.All("Errors"))
        {
            var sql = c.Input.Replace("\\n", "\n", StringComparison.Ordinal);
            var mine = Assert.Throws<SqlSyntaxException>(() => SqlParser.Parse(sql)).Message;
            using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            try
            {
                cmd.ExecuteNonQuery();
            }
            catch (MySqlConnector.MySqlException e) when (e.Number == 1064)
            {
                if (e.Message == mine)
                {
                    same++;
                }
                else
                {
                    diff.AppendLine($"{c.File}:{c.Line}: {c.Input}\n  MariaDB: {e.Message}\n  Tessera: {mine}");
                }
            }
            catch (MySqlConnector.MySqlException)
            {
            }
        }

        Assert.True(same >= 90 && same >= 10 * diff.ToString().Split("MariaDB:").Length, $"{same} identical; differing:\n{diff}");
    }

    private static int PrepareError(MySqlConnector.MySqlConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "set @q = @sql";
        cmd.Parameters.AddWithValue("@sql", sql);
        cmd.ExecuteNonQuery();
        try
        {
            Exec(conn, "prepare s from @q");
            Exec(conn, "deallocate prepare s");
            return 0;
        }
        catch (MySqlConnector.MySqlException e)
        {
            return e.Number;
        }
    }

    private static void Exec(MySqlConnector.MySqlConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Evaluate(MySqlConnector.MySqlConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return r.IsDBNull(0) ? "NULL" : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        catch (MySqlConnector.MySqlException e)
        {
            return "error " + e.Number;
        }
    }
}
