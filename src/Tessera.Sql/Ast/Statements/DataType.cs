namespace Tessera.Sql.Ast.Statements;

// A column or CAST type: `varchar(255)`, `decimal(10,2) unsigned`, `enum('a','b')`,
// `char(10) character set utf8mb4 collate utf8mb4_bin`. Name is lower case.
public sealed record DataType(string Name) : SqlNode
{
    public string? Length { get; init; }

    public string? Scale { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    public bool Unsigned { get; init; }

    public bool Zerofill { get; init; }

    public string? Charset { get; init; }

    public string? Collation { get; init; }

    internal override void Format(SqlWriter w)
    {
        w.Append(Name);
        if (Values != null)
        {
            w.Append('(');
            for (var i = 0; i < Values.Count; i++)
            {
                if (i > 0)
                {
                    w.Append(", ");
                }

                w.Quoted(Values[i]);
            }

            w.Append(')');
        }
        else if (Length != null)
        {
            w.Append('(').Append(Length);
            if (Scale != null)
            {
                w.Append(',').Append(Scale);
            }

            w.Append(')');
        }

        if (Unsigned)
        {
            w.Append(" unsigned");
        }

        if (Zerofill)
        {
            w.Append(" zerofill");
        }

        if (Charset != null)
        {
            w.Append(" character set ").Append(Charset);
        }

        if (Collation != null)
        {
            w.Append(" collate ").Append(Collation);
        }
    }
}
