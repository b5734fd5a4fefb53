using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// SET, SHOW, EXPLAIN/DESCRIBE, LOCK TABLES, FLUSH, ANALYZE/OPTIMIZE, CALL.
internal sealed partial class Parser
{
    private VariableScope AcceptScope()
    {
        if (Accept(Kw.GLOBAL))
        {
            return VariableScope.Global;
        }

        if (Accept(Kw.SESSION))
        {
            return VariableScope.Session;
        }

        if (Accept(Kw.LOCAL))
        {
            return VariableScope.Local;
        }

        if (Accept(Kw.PERSIST))
        {
            return VariableScope.Persist;
        }

        if (Accept(Kw.PERSIST_ONLY))
        {
            return VariableScope.PersistOnly;
        }

        return VariableScope.None;
    }

    // https://mariadb.com/kb/en/set/ , https://mariadb.com/kb/en/set-transaction/
    private Statement ParseSet()
    {
        Expect(Kw.SET);
        var comments = CommentsBefore(_p);
        var save = _p;
        var scope = AcceptScope();
        if (Accept(Kw.TRANSACTION))
        {
            var characteristics = new List<string>();
            do
            {
                if (Accept(Kw.ISOLATION))
                {
                    Expect(Kw.LEVEL);
                    string level;
                    if (Accept(Kw.REPEATABLE))
                    {
                        Expect(Kw.READ);
                        level = "repeatable read";
                    }
                    else if (Accept(Kw.SERIALIZABLE))
                    {
                        level = "serializable";
                    }
                    else
                    {
                        Expect(Kw.READ);
                        level = Accept(Kw.COMMITTED) ? "read committed" : Accept(Kw.UNCOMMITTED) ? "read uncommitted" : throw Error();
                    }

                    characteristics.Add("isolation level " + level);
                }
                else
                {
                    Expect(Kw.READ);
                    characteristics.Add(Accept(Kw.ONLY) ? "read only" : Accept(Kw.WRITE) ? "read write" : throw Error());
                }
            }
            while (Accept(TokenKind.Comma));
            return new SetTransaction(scope, characteristics);
        }

        _p = save;
        var items = new List<SetItem>();
        do
        {
            items.Add(ParseSetItem());
        }
        while (Accept(TokenKind.Comma));
        return new SetStatement(items, comments);
    }

    private SetItem ParseSetItem()
    {
        if (Accept(Kw.NAMES))
        {
            var charset = Accept(Kw.DEFAULT) ? "default" : Word();
            string? collation = null;
            if (Accept(Kw.COLLATE))
            {
                collation = Accept(Kw.DEFAULT) ? "default" : Word();
            }

            return new SetNames(charset, collation);
        }

        if (Is(Kw.CHARSET) || (Is(Kw.CHARACTER) && IsNext(Kw.SET)))
        {
            _p += Is(Kw.CHARSET) ? 1 : 2;
            return new SetCharset(Accept(Kw.DEFAULT) ? "default" : Word());
        }

        Expression target;
        var t = Cur;
        if (t.Kind == TokenKind.UserVar)
        {
            _p++;
            target = ParseUserVariable(t);
        }
        else if (t.Kind == TokenKind.SystemVar)
        {
            _p++;
            target = ParseSystemVariable(t);
        }
        else
        {
            var scope = AcceptScope();
            var name = Ident();
            while (Accept(TokenKind.Dot))
            {
                name += "." + IdentAfterDot();
            }

            target = new SystemVariable(scope, name);
        }

        if (!Accept(TokenKind.Eq))
        {
            Expect(TokenKind.Assign);
        }

        Expression value;
        if (Is(Kw.ON) || Is(Kw.BINARY) || (Is(Kw.ALL) && !IsNext(TokenKind.LParen)))
        {
            // `SET autocommit = ON`: a bare keyword value is the string of that name.
            value = new Literal(LiteralKind.String, Text(Cur).ToUpperInvariant());
            _p++;
        }
        else
        {
            value = ParseExpr();
        }

        return new SetVariable(target, value);
    }

    private static readonly Dictionary<string, string> SimpleShows = new(StringComparer.OrdinalIgnoreCase)
    {
        ["databases"] = "databases",
        ["schemas"] = "databases",
        ["keyspaces"] = "keyspaces",
        ["variables"] = "variables",
        ["status"] = "status",
        ["warnings"] = "warnings",
        ["errors"] = "errors",
        ["processlist"] = "processlist",
        ["vitess_tablets"] = "vitess_tablets",
        ["vitess_shards"] = "vitess_shards",
        ["engines"] = "engines",
        ["collation"] = "collation",
        ["charset"] = "character set",
        ["plugins"] = "plugins",
        ["privileges"] = "privileges",
        ["grants"] = "grants",
        ["events"] = "events",
        ["triggers"] = "triggers",
        ["tables"] = "tables",
        ["open"] = "open tables",
    };

    // https://mariadb.com/kb/en/show/ ; the Vitess forms: https://vitess.io/docs/reference/compatibility/mysql-compatibility/
    private Statement ParseShow()
    {
        Expect(Kw.SHOW);
        var full = Accept(Kw.FULL);
        var scope = AcceptScope();
        var t = Cur;
        if (t.Kind != TokenKind.Identifier)
        {
            throw Error();
        }

        var word = LowerText(t);
        ShowStatement show;
        if (Accept(Kw.CREATE))
        {
            var what = AnyWord();
            if (what is not ("table" or "view" or "database" or "schema" or "procedure" or "function" or "trigger" or "event" or "user" or "sequence"))
            {
                _p--;
                throw Error();
            }

            if (what == "schema")
            {
                what = "database";
            }

            if (what == "database" && Accept(Kw.IF))
            {
                Expect(Kw.NOT);
                Expect(Kw.EXISTS);
            }

            return new ShowStatement("create " + what) { Table = ParseTableName() };
        }

        if (Is(Kw.COLUMNS) || Is(Kw.FIELDS) || Is(Kw.INDEX) || Is(Kw.INDEXES) || Is(Kw.KEYS))
        {
            var kind = Is(Kw.COLUMNS) || Is(Kw.FIELDS) ? "columns" : "index";
            _p++;
            if (!Accept(Kw.FROM))
            {
                Expect(Kw.IN);
            }

            var table = ParseTableName();
            if (Accept(Kw.FROM) || Accept(Kw.IN))
            {
                table = new TableName(Ident(), table.Name);
            }

            show = new ShowStatement(kind) { Full = full, Table = table };
            return ParseShowFilter(show);
        }

        if (Accept(Kw.VSCHEMA))
        {
            if (Accept(Kw.TABLES))
            {
                return new ShowStatement("vschema tables");
            }

            Expect(Kw.VINDEXES);
            return new ShowStatement("vschema vindexes");
        }

        if (Accept(Kw.TABLE))
        {
            Expect(Kw.STATUS);
            show = new ShowStatement("table status");
            return ParseShowFilter(ParseShowFrom(show));
        }

        if (Is(Kw.CHARACTER) && IsNext(Kw.SET))
        {
            _p += 2;
            return ParseShowFilter(new ShowStatement("character set"));
        }

        if ((Is(Kw.MASTER) || Is(Kw.SLAVE) || Is(Kw.REPLICA) || Is(Kw.BINARY)) && (IsNext(Kw.STATUS) || IsNext(Kw.LOGS) || IsNext(Kw.HOSTS)))
        {
            var kind = LowerText(Cur) + " " + LowerText(PeekToken(1));
            _p += 2;
            return new ShowStatement(kind);
        }

        if ((Is(Kw.PROCEDURE) || Is(Kw.FUNCTION)) && IsNext(Kw.STATUS))
        {
            var kind = LowerText(Cur) + " status";
            _p += 2;
            return ParseShowFilter(new ShowStatement(kind));
        }

        if (Is(Kw.ENGINE) && IsIdent(PeekToken(1)))
        {
            _p++;
            var engine = Word();
            var what = AnyWord();
            return new ShowStatement("engine " + engine + " " + what);
        }

        if (!SimpleShows.TryGetValue(word, out var simple))
        {
            throw Error();
        }

        _p++;
        if (simple == "open tables")
        {
            Expect(Kw.TABLES);
        }

        show = new ShowStatement(simple) { Full = full, Scope = scope };
        if (simple is "warnings" or "errors")
        {
            return Is(Kw.LIMIT) ? show with { Limit = ParseLimit() } : show;
        }

        if (simple == "grants" && Accept(Kw.FOR))
        {
            return show with { Like = ParseExpr() };
        }

        if (simple is "tables" or "triggers" or "events" or "open tables")
        {
            show = ParseShowFrom(show);
        }

        return simple is "processlist" or "privileges" or "plugins" or "engines" or "grants" ? show : ParseShowFilter(show);
    }

    private ShowStatement ParseShowFrom(ShowStatement show) =>
        Accept(Kw.FROM) || Accept(Kw.IN) ? show with { Database = Ident() } : show;

    private ShowStatement ParseShowFilter(ShowStatement show)
    {
        if (Accept(Kw.LIKE))
        {
            return show with { Like = ParsePrimary() };
        }

        if (Accept(Kw.WHERE))
        {
            return show with { Where = ParseExpr() };
        }

        return show;
    }

    // https://mariadb.com/kb/en/explain/ , https://mariadb.com/kb/en/describe/
    private Statement ParseExplain()
    {
        _p++;
        string? format = null;
        if (Accept(Kw.FORMAT))
        {
            Expect(TokenKind.Eq);
            format = Word();
        }
        else if (Accept(Kw.EXTENDED) || Accept(Kw.PARTITIONS))
        {
        }

        if (format == null && IsIdent() && !Is(Kw.SELECT))
        {
            var table = ParseTableName();
            string? column = null;
            if (IsIdent())
            {
                column = Ident();
            }
            else if (Is(TokenKind.String))
            {
                column = StringLiteral();
            }

            return new DescribeTable(table, column);
        }

        var inner = Cur.Keyword switch
        {
            Kw.SELECT or Kw.WITH or Kw.INSERT or Kw.REPLACE or Kw.UPDATE or Kw.DELETE => ParseStatement(),
            _ when Is(TokenKind.LParen) => ParseStatement(),
            _ => throw Error(),
        };
        return new ExplainStatement(inner, format);
    }

    private Statement ParseLockTables()
    {
        Expect(Kw.LOCK);
        if (!Accept(Kw.TABLES))
        {
            Expect(Kw.TABLE);
        }

        var locks = new List<TableLock>();
        do
        {
            var name = ParseTableName();
            var alias = ParseAlias(allowString: false);
            string mode;
            if (Accept(Kw.READ))
            {
                mode = Accept(Kw.LOCAL) ? "read local" : "read";
            }
            else if (Accept(Kw.LOW_PRIORITY))
            {
                Expect(Kw.WRITE);
                mode = "low_priority write";
            }
            else
            {
                Expect(Kw.WRITE);
                mode = "write";
            }

            locks.Add(new TableLock(name, alias, mode));
        }
        while (Accept(TokenKind.Comma));
        return new LockTables(locks);
    }

    // https://mariadb.com/kb/en/flush/
    private Statement ParseFlush()
    {
        Expect(Kw.FLUSH);
        var local = Accept(Kw.LOCAL) || Accept(Kw.NO_WRITE_TO_BINLOG);
        if (Accept(Kw.TABLES) || Accept(Kw.TABLE))
        {
            List<TableName>? tables = null;
            if (IsIdent())
            {
                tables = TableNameList();
            }

            var readLock = false;
            if (Accept(Kw.WITH))
            {
                Expect(Kw.READ);
                Expect(Kw.LOCK);
                readLock = true;
            }

            return new FlushStatement(local, ["tables"], tables, readLock);
        }

        var options = new List<string>();
        do
        {
            var words = AnyWord();
            if (words is "binary" or "engine" or "error" or "general" or "relay" or "slow")
            {
                words += " " + AnyWord();
            }
            else if (words is "query")
            {
                words += " " + AnyWord();
            }

            options.Add(words);
        }
        while (Accept(TokenKind.Comma));
        return new FlushStatement(local, options);
    }

    private Statement ParseTableMaintenance()
    {
        var op = LowerText(Cur);
        _p++;
        var local = Accept(Kw.LOCAL) || Accept(Kw.NO_WRITE_TO_BINLOG);
        if (!Accept(Kw.TABLE))
        {
            Expect(Kw.TABLES);
        }

        return new TableMaintenance(op, local, TableNameList());
    }

    private Statement ParseCall()
    {
        Expect(Kw.CALL);
        var name = ParseTableName();
        List<Expression> args = [];
        if (Accept(TokenKind.LParen))
        {
            if (!Is(TokenKind.RParen))
            {
                args = ParseExprList();
            }

            Expect(TokenKind.RParen);
        }

        return new CallStatement(name, args);
    }
}
