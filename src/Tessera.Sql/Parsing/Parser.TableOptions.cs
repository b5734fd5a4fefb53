using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// Table and database options (`ENGINE=InnoDB`, `DEFAULT CHARSET=utf8mb4`, `COMMENT='...'`).
internal sealed partial class Parser
{
    private static readonly HashSet<string> WordOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "engine", "auto_increment", "avg_row_length", "checksum", "compression", "delay_key_write", "insert_method",
        "key_block_size", "max_rows", "min_rows", "pack_keys", "row_format", "stats_auto_recalc", "stats_persistent",
        "stats_sample_pages", "tablespace", "page_checksum", "page_compressed", "page_compression_level",
        "transactional", "encrypted", "encryption_key_id", "sequence",
    };

    private static readonly HashSet<string> StringOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "comment", "connection", "password", "encryption",
    };

    private bool TryParseTableOption(out TableOption option)
    {
        option = null!;
        var save = _p;
        var isDefault = Accept(Kw.DEFAULT);
        if ((Is(Kw.CHARACTER) && IsNext(Kw.SET)) || Is(Kw.CHARSET))
        {
            _p += Is(Kw.CHARSET) ? 1 : 2;
            Accept(TokenKind.Eq);
            option = new TableOption("character set", Word());
            return true;
        }

        if (Accept(Kw.COLLATE))
        {
            Accept(TokenKind.Eq);
            option = new TableOption("collate", Word());
            return true;
        }

        if (isDefault || Cur.Kind != TokenKind.Identifier)
        {
            _p = save;
            return false;
        }

        var name = LowerText(Cur);
        if ((name is "data" or "index") && IsNext(Kw.DIRECTORY))
        {
            _p += 2;
            Accept(TokenKind.Eq);
            option = new TableOption(name + " directory", StringLiteral(), IsString: true);
            return true;
        }

        if (StringOptions.Contains(name))
        {
            _p++;
            Accept(TokenKind.Eq);
            option = new TableOption(name, StringLiteral(), IsString: true);
            return true;
        }

        if (WordOptions.Contains(name) && !IsNext(TokenKind.Dot))
        {
            _p++;
            Accept(TokenKind.Eq);
            var t = Cur;
            string value;
            if (t.Kind is TokenKind.Integer or TokenKind.Identifier or TokenKind.QuotedIdentifier)
            {
                value = t.Kind == TokenKind.QuotedIdentifier ? Lexer.DecodeQuotedIdentifier(_sql, t) : Text(t);
                _p++;
            }
            else if (t.Kind == TokenKind.String)
            {
                value = StringLiteral();
            }
            else
            {
                throw Error();
            }

            option = new TableOption(name, value);
            return true;
        }

        return false;
    }

    private string ParseAlgorithmOrLock()
    {
        var name = LowerText(Cur);
        _p++;
        Accept(TokenKind.Eq);
        return name + " = " + Word();
    }
}
