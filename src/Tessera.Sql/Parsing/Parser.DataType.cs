using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

internal sealed partial class Parser
{
    private static readonly HashSet<string> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "bit", "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "real", "double", "float", "decimal",
        "dec", "numeric", "fixed", "date", "time", "timestamp", "datetime", "year", "char", "varchar", "binary",
        "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "tinytext", "text", "mediumtext", "longtext",
        "enum", "set", "json", "bool", "boolean", "geometry", "point", "linestring", "polygon", "multipoint",
        "multilinestring", "multipolygon", "geometrycollection", "signed", "unsigned", "nchar", "nvarchar",
        "serial", "uuid", "inet4", "inet6", "int1", "int2", "int3", "int4", "int8", "long", "character", "national",
        "double precision", "varcharacter",
    };

    // Column types (DDL) and CAST/CONVERT targets.
    // https://mariadb.com/kb/en/data-types/ , https://mariadb.com/kb/en/cast/
    internal DataType ParseDataType(bool forCast = false)
    {
        var t = Cur;
        if (t.Kind != TokenKind.Identifier || !TypeNames.Contains(Text(t)))
        {
            throw Error();
        }

        _p++;
        var name = LowerText(t);
        switch (name)
        {
            case "double" when Accept(Kw.PRECISION):
                break;
            case "character":
                name = Accept(Kw.VARYING) ? "varchar" : "char";
                break;
            case "varcharacter":
                name = "varchar";
                break;
            case "national":
                name = Accept(Kw.VARCHAR) ? "varchar" : Accept(Kw.CHAR) || Accept(Kw.CHARACTER) ? "char" : throw Error();
                break;
            case "nchar":
                name = Accept(Kw.VARCHAR) || Accept(Kw.VARYING) ? "varchar" : "char";
                break;
            case "nvarchar":
                name = "varchar";
                break;
            case "long":
                name = Accept(Kw.VARCHAR) ? "mediumtext" : Accept(Kw.VARBINARY) ? "mediumblob" : "mediumtext";
                break;
            case "signed":
            case "unsigned":
                if (forCast)
                {
                    _ = Accept(Kw.INTEGER) || Accept(Kw.INT);
                    return new DataType(name);
                }

                throw Error();
        }

        var type = new DataType(name);
        if (Accept(TokenKind.LParen))
        {
            if (name is "enum" or "set")
            {
                var values = new List<string>();
                do
                {
                    values.Add(StringLiteral());
                }
                while (Accept(TokenKind.Comma));
                type = type with { Values = values };
            }
            else
            {
                var len = Cur;
                Expect(TokenKind.Integer);
                type = type with { Length = Text(len) };
                if (Accept(TokenKind.Comma))
                {
                    var scale = Cur;
                    Expect(TokenKind.Integer);
                    type = type with { Scale = Text(scale) };
                }
            }

            Expect(TokenKind.RParen);
        }

        while (true)
        {
            if (Accept(Kw.UNSIGNED))
            {
                type = type with { Unsigned = true };
            }
            else if (Accept(Kw.SIGNED))
            {
            }
            else if (Accept(Kw.ZEROFILL))
            {
                type = type with { Zerofill = true };
            }
            else if ((Is(Kw.CHARACTER) && IsNext(Kw.SET)) || Is(Kw.CHARSET))
            {
                _p += Is(Kw.CHARSET) ? 1 : 2;
                type = type with { Charset = Word() };
            }
            else if (Accept(Kw.COLLATE))
            {
                type = type with { Collation = Word() };
            }
            else
            {
                return type;
            }
        }
    }
}
