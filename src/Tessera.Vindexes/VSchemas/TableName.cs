namespace Tessera.Vindexes.VSchemas;

// "table" or "keyspace.table" (backquotes allowed), as sequences, sources and routing rules
// name tables; routing rules may add "@tablet_type".
internal readonly record struct TableName(string? Keyspace, string Table)
{
    public static TableName Parse(string name)
    {
        string n = name.Trim();
        int at = n.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            n = n[..at];
        }

        int dot = n.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? new TableName(null, Unquote(n))
            : new TableName(Unquote(n[..dot]), Unquote(n[(dot + 1)..]));
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '`' && s[^1] == '`' ? s[1..^1] : s;

    public override string ToString() => Keyspace is null ? Table : $"{Keyspace}.{Table}";
}
