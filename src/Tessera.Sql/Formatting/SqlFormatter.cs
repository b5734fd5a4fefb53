using System.Text;

namespace Tessera.Sql.Formatting;

// Writes any AST node back as canonical SQL that MariaDB accepts and that parses to the same tree.
public static class SqlFormatter
{
    [ThreadStatic]
    private static StringBuilder? _cached;

    public static string Format(SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = _cached ?? new StringBuilder(256);
        _cached = null;
        sb.Clear();
        node.Format(new SqlWriter(sb));
        var s = sb.ToString();
        if (sb.Capacity <= 8192)
        {
            _cached = sb;
        }

        return s;
    }
}
