using System.Text;
using BenchmarkDotNet.Attributes;
using Tessera.Sql;
using Tessera.Sql.Normalizing;

namespace Tessera.Benchmarks.Sql;

// Parse + normalize per statement, as the gate does before its plan-cache lookup.
// Target (issue #4): the sysbench point select under 2 µs and 2 KB allocated.
[MemoryDiagnoser]
public class ParseNormalizeBenchmarks
{
    private const string PointSelectParam = "SELECT c FROM sbtest1 WHERE id=?";
    private const string PointSelectLiteral = "SELECT c FROM sbtest1 WHERE id=4242";
    private const string ThreeWayJoin =
        "select c.name, count(*) as orders, sum(o.total) from customer as c join orders as o on o.customer_id = c.id " +
        "join product as p on p.id = o.product_id where c.region = 'EU' and o.created > '2024-01-01' and p.kind in (1, 2, 3) " +
        "group by c.name having count(*) > 5 order by orders desc limit 20";

    private static readonly string Insert100 = BuildInsert();

    [Benchmark]
    public object PointSelect_Param() => Normalizer.Normalize(SqlParser.Parse(PointSelectParam));

    [Benchmark]
    public object PointSelect_Literal() => Normalizer.Normalize(SqlParser.Parse(PointSelectLiteral));

    [Benchmark]
    public object Insert_20Columns_100Rows() => Normalizer.Normalize(SqlParser.Parse(Insert100));

    [Benchmark]
    public object ThreeWayJoin_GroupBy() => Normalizer.Normalize(SqlParser.Parse(ThreeWayJoin));

    private static string BuildInsert()
    {
        var sb = new StringBuilder("insert into t (");
        sb.AppendJoin(", ", Enumerable.Range(1, 20).Select(i => "c" + i));
        sb.Append(") values ");
        for (var r = 0; r < 100; r++)
        {
            if (r > 0)
            {
                sb.Append(", ");
            }

            sb.Append('(');
            sb.AppendJoin(", ", Enumerable.Range(1, 20).Select(i => i % 2 == 0 ? (r * 20 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) : "'v" + r + "_" + i + "'"));
            sb.Append(')');
        }

        return sb.ToString();
    }
}
