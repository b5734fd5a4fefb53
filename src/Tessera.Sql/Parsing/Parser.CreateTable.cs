using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// CREATE TABLE / DATABASE / INDEX / VIEW (ALTER is in Parser.AlterTable.cs).
// https://mariadb.com/kb/en/create-table/ , https://mariadb.com/kb/en/alter-table/
internal sealed partial class Parser
{
    private Statement ParseCreate()
    {
        Expect(Kw.CREATE);
        var orReplace = false;
        if (Accept(Kw.OR))
        {
            Expect(Kw.REPLACE);
            orReplace = true;
        }

        var temporary = Accept(Kw.TEMPORARY);
        if (Accept(Kw.TABLE))
        {
            return ParseCreateTable(orReplace, temporary);
        }

        if (temporary)
        {
            throw Error();
        }

        if (Accept(Kw.DATABASE) || Accept(Kw.SCHEMA))
        {
            var ifNotExists = AcceptIfNotExists();
            var name = Ident();
            var options = new List<TableOption>();
            while (TryParseTableOption(out var o))
            {
                options.Add(o);
            }

            return new CreateDatabase(name, ifNotExists, options.Count > 0 ? options : null);
        }

        if (Is(Kw.UNIQUE) || Is(Kw.FULLTEXT) || Is(Kw.SPATIAL) || Is(Kw.INDEX))
        {
            var kind = Accept(Kw.UNIQUE) ? "unique key" : Accept(Kw.FULLTEXT) ? "fulltext key" : Accept(Kw.SPATIAL) ? "spatial key" : "key";
            Expect(Kw.INDEX);
            var name = Ident();
            var preOptions = ParseIndexOptions();
            Expect(Kw.ON);
            var table = ParseTableName();
            var cols = ParseIndexColumns();
            var options = preOptions;
            options.AddRange(ParseIndexOptions());
            while (Is(Kw.ALGORITHM) || Is(Kw.LOCK))
            {
                options.Add(ParseAlgorithmOrLock());
            }

            return new CreateIndex(new IndexDefinition(kind, name, cols, options), table);
        }

        SkipViewPreamble();
        if (Accept(Kw.VIEW))
        {
            return ParseViewBody(orReplace, isAlter: false);
        }

        throw Error();
    }

    // `ALGORITHM = x`, `DEFINER = user`, `SQL SECURITY x` before VIEW: accepted and not kept.
    private void SkipViewPreamble()
    {
        while (true)
        {
            if (Accept(Kw.ALGORITHM))
            {
                Expect(TokenKind.Eq);
                Word();
            }
            else if (Accept(Kw.DEFINER))
            {
                Expect(TokenKind.Eq);
                if (Accept(Kw.CURRENT_USER))
                {
                    if (Accept(TokenKind.LParen))
                    {
                        Expect(TokenKind.RParen);
                    }
                }
                else
                {
                    Word();
                    if (Is(TokenKind.UserVar) || Is(TokenKind.At))
                    {
                        _p++;
                        if (Is(TokenKind.String) || Is(TokenKind.Identifier) || Is(TokenKind.QuotedIdentifier))
                        {
                            _p++;
                        }
                    }
                }
            }
            else if (Is(Kw.SQL) && IsNext(Kw.SECURITY))
            {
                _p += 2;
                Word();
            }
            else
            {
                return;
            }
        }
    }

    private CreateView ParseViewBody(bool orReplace, bool isAlter)
    {
        var name = ParseTableName();
        List<string>? cols = null;
        if (Is(TokenKind.LParen))
        {
            cols = ParenIdentList();
        }

        Expect(Kw.AS);
        var q = ParseQuery();
        if (Accept(Kw.WITH))
        {
            _ = Accept(Kw.CASCADED) || Accept(Kw.LOCAL);
            Expect(Kw.CHECK);
            Expect(Kw.OPTION);
        }

        return new CreateView(name, q, cols, orReplace, isAlter);
    }

    private Statement ParseCreateTable(bool orReplace, bool temporary)
    {
        var ifNotExists = AcceptIfNotExists();
        var table = ParseTableName();
        var create = new CreateTable(table) { OrReplace = orReplace, Temporary = temporary, IfNotExists = ifNotExists };
        if (Accept(Kw.LIKE))
        {
            return create with { Like = ParseTableName() };
        }

        if (Is(TokenKind.LParen) && IsNext(Kw.LIKE))
        {
            _p += 2;
            var like = ParseTableName();
            Expect(TokenKind.RParen);
            return create with { Like = like };
        }

        if (Is(TokenKind.LParen) && !IsQueryStart())
        {
            _p++;
            var elements = new List<TableElement>();
            do
            {
                elements.Add(ParseTableElement());
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RParen);
            create = create with { Elements = elements };
        }

        var options = new List<TableOption>();
        while (true)
        {
            Accept(TokenKind.Comma);
            if (!TryParseTableOption(out var o))
            {
                break;
            }

            options.Add(o);
        }

        create = create with { Options = options };
        _ = Accept(Kw.IGNORE) || Accept(Kw.REPLACE);
        if (Accept(Kw.AS) || IsQueryStart())
        {
            create = create with { AsSelect = ParseQuery() };
        }

        if (create.Elements.Count == 0 && create.AsSelect == null)
        {
            throw Error();
        }

        return create;
    }

    private TableElement ParseTableElement()
    {
        string? constraint = null;
        if (Accept(Kw.CONSTRAINT))
        {
            if (IsIdent() && !Is(Kw.CHECK))
            {
                constraint = Ident();
            }
        }

        if (Is(Kw.PRIMARY) || Is(Kw.UNIQUE) || Is(Kw.INDEX) || Is(Kw.KEY) || Is(Kw.FULLTEXT) || Is(Kw.SPATIAL))
        {
            return ParseIndexDefinition(constraint);
        }

        if (Accept(Kw.FOREIGN))
        {
            Expect(Kw.KEY);
            string? indexName = IsIdent() ? Ident() : null;
            var cols = ParenIdentList();
            Expect(Kw.REFERENCES);
            var refTable = ParseTableName();
            var refCols = ParenIdentList();
            string? onDelete = null, onUpdate = null;
            while (Accept(Kw.ON))
            {
                if (Accept(Kw.DELETE))
                {
                    onDelete = ParseReferenceAction();
                }
                else
                {
                    Expect(Kw.UPDATE);
                    onUpdate = ParseReferenceAction();
                }
            }

            return new ForeignKeyDefinition(constraint, indexName, cols, refTable, refCols, onDelete, onUpdate);
        }

        if (Accept(Kw.CHECK))
        {
            Expect(TokenKind.LParen);
            var e = ParseExpr();
            Expect(TokenKind.RParen);
            return new CheckConstraint(constraint, e);
        }

        if (constraint != null)
        {
            throw Error();
        }

        return ParseColumnDefinition();
    }

    private string ParseReferenceAction()
    {
        if (Accept(Kw.RESTRICT))
        {
            return "restrict";
        }

        if (Accept(Kw.CASCADE))
        {
            return "cascade";
        }

        if (Accept(Kw.SET))
        {
            if (Accept(Kw.NULL))
            {
                return "set null";
            }

            Expect(Kw.DEFAULT);
            return "set default";
        }

        Expect(Kw.NO);
        Expect(Kw.ACTION);
        return "no action";
    }

    private IndexDefinition ParseIndexDefinition(string? constraint)
    {
        string kind;
        if (Accept(Kw.PRIMARY))
        {
            Expect(Kw.KEY);
            kind = "primary key";
        }
        else if (Accept(Kw.UNIQUE))
        {
            _ = Accept(Kw.KEY) || Accept(Kw.INDEX);
            kind = "unique key";
        }
        else if (Accept(Kw.FULLTEXT) || Accept(Kw.SPATIAL))
        {
            kind = _tokens[_p - 1].Keyword == Kw.FULLTEXT ? "fulltext key" : "spatial key";
            _ = Accept(Kw.KEY) || Accept(Kw.INDEX);
        }
        else
        {
            _p++;
            kind = "key";
        }

        string? name = null;
        if (IsIdent() && !Is(Kw.USING))
        {
            name = Ident();
        }

        var options = ParseIndexOptions();
        var cols = ParseIndexColumns();
        options.AddRange(ParseIndexOptions());
        return new IndexDefinition(kind, name, cols, options, constraint);
    }

    private List<IndexColumn> ParseIndexColumns()
    {
        Expect(TokenKind.LParen);
        var cols = new List<IndexColumn>();
        do
        {
            if (Accept(TokenKind.LParen))
            {
                var e = ParseExpr();
                Expect(TokenKind.RParen);
                cols.Add(new IndexColumn(null, null, ParseDirection(), e));
                continue;
            }

            var name = Ident();
            string? length = null;
            if (Accept(TokenKind.LParen))
            {
                var t = Cur;
                Expect(TokenKind.Integer);
                length = Text(t);
                Expect(TokenKind.RParen);
            }

            cols.Add(new IndexColumn(name, length, ParseDirection()));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RParen);
        return cols;
    }

    private OrderDirection ParseDirection() =>
        Accept(Kw.ASC) ? OrderDirection.Asc : Accept(Kw.DESC) ? OrderDirection.Desc : OrderDirection.None;

    private List<string> ParseIndexOptions()
    {
        var options = new List<string>();
        while (true)
        {
            if (Accept(Kw.USING))
            {
                options.Add("using " + Word());
            }
            else if (Accept(Kw.COMMENT))
            {
                options.Add("comment " + SqlFormatter.Format(new Literal(LiteralKind.String, StringLiteral())));
            }
            else if (Accept(Kw.KEY_BLOCK_SIZE))
            {
                Accept(TokenKind.Eq);
                var t = Cur;
                Expect(TokenKind.Integer);
                options.Add("key_block_size " + Text(t));
            }
            else if (Accept(Kw.VISIBLE))
            {
                options.Add("visible");
            }
            else if (Accept(Kw.INVISIBLE))
            {
                options.Add("invisible");
            }
            else if (Is(Kw.WITH) && IsNext(Kw.PARSER))
            {
                _p += 2;
                options.Add("with parser " + Word());
            }
            else
            {
                return options;
            }
        }
    }

    private ColumnDefinition ParseColumnDefinition()
    {
        var name = Ident();
        var col = new ColumnDefinition(name, ParseDataType());
        while (true)
        {
            if (Is(Kw.NOT) && IsNext(Kw.NULL))
            {
                _p += 2;
                col = col with { Nullable = false };
            }
            else if (Accept(Kw.NULL))
            {
                col = col with { Nullable = true };
            }
            else if (Accept(Kw.DEFAULT))
            {
                col = col with { Default = ParseUnary() };
            }
            else if (Is(Kw.ON) && IsNext(Kw.UPDATE))
            {
                _p += 2;
                col = col with { OnUpdate = ParseUnary() };
            }
            else if (Accept(Kw.AUTO_INCREMENT))
            {
                col = col with { AutoIncrement = true };
            }
            else if (Accept(Kw.UNIQUE))
            {
                Accept(Kw.KEY);
                col = col with { Key = "unique key" };
            }
            else if (Accept(Kw.PRIMARY))
            {
                Expect(Kw.KEY);
                col = col with { Key = "primary key" };
            }
            else if (Accept(Kw.KEY))
            {
                col = col with { Key = "primary key" };
            }
            else if (Accept(Kw.COMMENT))
            {
                col = col with { Comment = StringLiteral() };
            }
            else if (Accept(Kw.COLLATE))
            {
                col = col with { Type = col.Type with { Collation = Word() } };
            }
            else if ((Is(Kw.CHARACTER) && IsNext(Kw.SET)) || Is(Kw.CHARSET))
            {
                _p += Is(Kw.CHARSET) ? 1 : 2;
                col = col with { Type = col.Type with { Charset = Word() } };
            }
            else if (Is(Kw.GENERATED) || Is(Kw.AS))
            {
                if (Accept(Kw.GENERATED))
                {
                    ExpectWord("always");
                }

                Expect(Kw.AS);
                Expect(TokenKind.LParen);
                var e = ParseExpr();
                Expect(TokenKind.RParen);
                var stored = Accept(Kw.STORED) || AcceptWord("persistent");
                if (!stored)
                {
                    Accept(Kw.VIRTUAL);
                }

                col = col with { GeneratedAs = e, Stored = stored };
            }
            else if (Accept(Kw.INVISIBLE))
            {
                col = col with { Invisible = true };
            }
            else if (Accept(Kw.VISIBLE))
            {
            }
            else if (Accept(Kw.CHECK))
            {
                Expect(TokenKind.LParen);
                col = col with { Check = ParseExpr() };
                Expect(TokenKind.RParen);
            }
            else if (AcceptWord("column_format") || AcceptWord("storage"))
            {
                Word();
            }
            else
            {
                return col;
            }
        }
    }
}
