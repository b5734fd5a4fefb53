using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// SELECT, set operations, WITH, FROM clauses and joins.
// https://mariadb.com/kb/en/select/
internal sealed partial class Parser
{
    internal QueryStatement ParseQuery(Comments? comments = null)
    {
        EnsureStack();
        WithClause? with = null;
        if (Is(Kw.WITH))
        {
            with = ParseWith();
        }

        var q = ParseUnion(comments);
        q = ParseTrailing(q);
        if (with != null)
        {
            if (q.With != null)
            {
                throw Error();
            }

            q = q with { With = with };
        }

        return q;
    }

    private WithClause ParseWith()
    {
        Expect(Kw.WITH);
        var recursive = Accept(Kw.RECURSIVE);
        var ctes = new List<CommonTableExpr>();
        do
        {
            var name = Ident();
            List<string>? cols = null;
            if (Is(TokenKind.LParen))
            {
                cols = ParenIdentList();
            }

            Expect(Kw.AS);
            ctes.Add(new CommonTableExpr(name, cols, ParseSubqueryInParens()));
        }
        while (Accept(TokenKind.Comma));
        return new WithClause(recursive, ctes);
    }

    private QueryStatement ParseTrailing(QueryStatement q)
    {
        if (!Is(Kw.ORDER) && !Is(Kw.LIMIT) && !Is(Kw.FOR) && !Is(Kw.LOCK) && !Is(Kw.OFFSET) && !Is(Kw.FETCH))
        {
            return q;
        }

        if (q.HasTrailingClauses && q is not SetOperation)
        {
            throw Error();
        }

        IReadOnlyList<OrderItem> order = q.OrderBy;
        if (Accept(Kw.ORDER))
        {
            Expect(Kw.BY);
            order = ParseOrderItems();
        }

        var limit = Is(Kw.LIMIT) ? ParseLimit() : Is(Kw.OFFSET) || Is(Kw.FETCH) ? ParseFetch() : q.Limit;
        var lockClause = ParseLockClause() ?? q.Lock;
        q = q with { OrderBy = order, Limit = limit, Lock = lockClause };
        return q is Select s ? ParseInto(s) : q;
    }

    private string? ParseLockClause()
    {
        if (Is(Kw.FOR) && IsNext(Kw.UPDATE))
        {
            _p += 2;
            if (Accept(Kw.NOWAIT))
            {
                return "for update nowait";
            }

            if (Accept(Kw.SKIP))
            {
                Expect(Kw.LOCKED);
                return "for update skip locked";
            }

            if (Accept(Kw.WAIT))
            {
                var n = Cur;
                Expect(TokenKind.Integer);
                return "for update wait " + Text(n);
            }

            return "for update";
        }

        if (Is(Kw.FOR) && IsNext(Kw.SHARE))
        {
            _p += 2;
            if (Accept(Kw.NOWAIT))
            {
                return "for share nowait";
            }

            if (Accept(Kw.SKIP))
            {
                Expect(Kw.LOCKED);
                return "for share skip locked";
            }

            return "for share";
        }

        if (Accept(Kw.LOCK))
        {
            Expect(Kw.IN);
            Expect(Kw.SHARE);
            Expect(Kw.MODE);
            return "lock in share mode";
        }

        return null;
    }

    private QueryStatement ParseUnion(Comments? comments)
    {
        var left = ParseIntersect(comments);
        while (Is(Kw.UNION) || Is(Kw.EXCEPT))
        {
            var op = Is(Kw.UNION) ? SetOperator.Union : SetOperator.Except;
            _p++;
            var quantifier = Accept(Kw.ALL) ? "all" : Accept(Kw.DISTINCT) ? "distinct" : null;
            left = new SetOperation(left, op, quantifier, ParseIntersect(null));
        }

        return left;
    }

    private QueryStatement ParseIntersect(Comments? comments)
    {
        var left = ParseQueryPrimary(comments);
        while (Accept(Kw.INTERSECT))
        {
            var quantifier = Accept(Kw.ALL) ? "all" : Accept(Kw.DISTINCT) ? "distinct" : null;
            left = new SetOperation(left, SetOperator.Intersect, quantifier, ParseQueryPrimary(null));
        }

        return left;
    }

    private QueryStatement ParseQueryPrimary(Comments? comments)
    {
        if (Accept(TokenKind.LParen))
        {
            var inner = ParseQuery();
            Expect(TokenKind.RParen);
            return inner;
        }

        return ParseSelectCore(comments);
    }

    private static readonly Dictionary<Kw, string> SelectOptions = new()
    {
        [Kw.DISTINCT] = "distinct",
        [Kw.DISTINCTROW] = "distinct",
        [Kw.HIGH_PRIORITY] = "high_priority",
        [Kw.STRAIGHT_JOIN] = "straight_join",
        [Kw.SQL_SMALL_RESULT] = "sql_small_result",
        [Kw.SQL_BIG_RESULT] = "sql_big_result",
        [Kw.SQL_BUFFER_RESULT] = "sql_buffer_result",
        [Kw.SQL_CACHE] = "sql_cache",
        [Kw.SQL_NO_CACHE] = "sql_no_cache",
        [Kw.SQL_CALC_FOUND_ROWS] = "sql_calc_found_rows",
    };

    private Select ParseSelectCore(Comments? comments)
    {
        Expect(Kw.SELECT);
        List<string>? options = null;
        while (true)
        {
            if (Accept(Kw.ALL))
            {
                continue;
            }

            if (Cur.Kind == TokenKind.Identifier && SelectOptions.TryGetValue(Cur.Keyword, out var opt)
                && !(Cur.Keyword is Kw.SQL_CACHE or Kw.SQL_NO_CACHE && IsNext(TokenKind.Dot)))
            {
                _p++;
                options ??= [];
                if (!options.Contains(opt))
                {
                    options.Add(opt);
                }

                continue;
            }

            break;
        }

        // Clauses are collected in locals and the record built once: the point select is the hot path.
        var items = ParseSelectItems();
        var into = ParseIntoVariables();
        // MariaDB's `NEXT VALUE FOR seq` is the same request as Vitess's `NEXT 1 VALUES FROM seq`.
        var nextValueFor = items is [{ Expr: NextValExpr }] && Is(Kw.FOR);
        IReadOnlyList<TableExpr> from = Accept(Kw.FROM) || (nextValueFor && Accept(Kw.FOR)) ? ParseTableRefs() : [];
        var where = Accept(Kw.WHERE) ? ParseExpr() : null;
        IReadOnlyList<Expression> group = [];
        var rollup = false;
        if (Accept(Kw.GROUP))
        {
            Expect(Kw.BY);
            var list = new List<Expression>();
            do
            {
                list.Add(ParseExpr());

                // MariaDB still accepts GROUP BY ... ASC|DESC; the order is implied, so it is dropped.
                _ = Accept(Kw.ASC) || Accept(Kw.DESC);
            }
            while (Accept(TokenKind.Comma));
            group = list;
            if (Is(Kw.WITH) && IsNext(Kw.ROLLUP))
            {
                _p += 2;
                rollup = true;
            }
        }

        var having = Accept(Kw.HAVING) ? ParseExpr() : null;
        IReadOnlyList<NamedWindow> windows = [];
        if (Is(Kw.WINDOW) && IsIdent(PeekToken(1)))
        {
            _p++;
            var list = new List<NamedWindow>();
            do
            {
                var name = Ident();
                Expect(Kw.AS);
                list.Add(new NamedWindow(name, ParseWindowSpec()));
            }
            while (Accept(TokenKind.Comma));
            windows = list;
        }

        if (into.Count == 0)
        {
            into = ParseIntoVariables();
        }

        return new Select
        {
            Comments = comments,
            Options = (IReadOnlyList<string>?)options ?? [],
            Items = items,
            Into = into,
            From = from,
            Where = where,
            GroupBy = group,
            WithRollup = rollup,
            Having = having,
            Windows = windows,
        };
    }

    private Select ParseInto(Select select) =>
        select.Into.Count > 0 || !Is(Kw.INTO) ? select : select with { Into = ParseIntoVariables() };

    // `INTO @a, @b`, or nothing.
    private IReadOnlyList<Expression> ParseIntoVariables()
    {
        if (!Accept(Kw.INTO))
        {
            return [];
        }

        var vars = new List<Expression>();
        do
        {
            var t = Cur;
            if (t.Kind != TokenKind.UserVar)
            {
                throw Error();
            }

            _p++;
            vars.Add(ParseUserVariable(t));
        }
        while (Accept(TokenKind.Comma));
        return vars;
    }

    private List<SelectItem> ParseSelectItems()
    {
        var items = new List<SelectItem>(4);
        do
        {
            items.Add(ParseSelectItem());
        }
        while (Accept(TokenKind.Comma));
        return items;
    }

    private SelectItem ParseSelectItem()
    {
        if (Accept(TokenKind.Star))
        {
            return new SelectItem(new StarExpr());
        }

        if (Is(Kw.NEXT) && (IsNext(TokenKind.Integer) || IsNext(TokenKind.Param) || IsNext(TokenKind.NamedParam)) && IsNext(Kw.VALUES, 2))
        {
            _p++;
            var count = ParsePrimary();
            _p++;
            return new SelectItem(new NextValExpr(count));
        }

        if (Is(Kw.NEXT) && IsNext(Kw.VALUE) && (IsNext(Kw.FROM, 2) || IsNext(Kw.FOR, 2)))
        {
            _p += 2;
            return new SelectItem(new NextValExpr(new Literal(LiteralKind.Integer, "1")));
        }

        Expression e;
        if (Cur.Kind == TokenKind.UserVar && IsNext(TokenKind.Assign))
        {
            var target = ParseUserVariable(Cur);
            _p += 2;
            e = new AssignmentExpr(target, ParseExpr());
        }
        else
        {
            e = ParseExpr();
        }

        var alias = ParseAlias(allowString: true);
        return new SelectItem(e, alias);
    }

    private string? ParseAlias(bool allowString)
    {
        if (Accept(Kw.AS))
        {
            if (allowString && Is(TokenKind.String))
            {
                return StringLiteral();
            }

            return Ident();
        }

        if (allowString && Is(TokenKind.String))
        {
            return StringLiteral();
        }

        if (IsIdent() && !Is(Kw.WINDOW))
        {
            return Ident();
        }

        return null;
    }

    internal List<OrderItem> ParseOrderItems()
    {
        var list = new List<OrderItem>();
        do
        {
            var e = ParseExpr();
            var dir = Accept(Kw.ASC) ? OrderDirection.Asc : Accept(Kw.DESC) ? OrderDirection.Desc : OrderDirection.None;
            list.Add(new OrderItem(e, dir));
        }
        while (Accept(TokenKind.Comma));
        return list;
    }

    internal Limit ParseLimit()
    {
        Expect(Kw.LIMIT);
        var first = ParseLimitValue();
        if (Accept(TokenKind.Comma))
        {
            return new Limit(first, ParseLimitValue());
        }

        if (Accept(Kw.OFFSET))
        {
            return new Limit(ParseLimitValue(), first, OffsetKeyword: true);
        }

        return new Limit(null, first);
    }

    // `[OFFSET n {ROW|ROWS}] FETCH {FIRST|NEXT} m {ROW|ROWS} ONLY`.
    private Limit ParseFetch()
    {
        Expression? offset = null;
        if (Accept(Kw.OFFSET))
        {
            offset = ParseLimitValue();
            _ = Accept(Kw.ROWS) || Accept(Kw.ROW);
        }

        Expect(Kw.FETCH);
        if (!Accept(Kw.FIRST) && !Accept(Kw.NEXT))
        {
            throw Error();
        }

        var count = ParseLimitValue();
        _ = Accept(Kw.ROWS) || Accept(Kw.ROW);
        Expect(Kw.ONLY);
        return new Limit(offset, count) { FetchSyntax = true };
    }

    private Expression ParseLimitValue()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                _p++;
                return new Literal(LiteralKind.Integer, Text(t));
            case TokenKind.Param:
                _p++;
                return new Parameter(_paramIndex++);
            case TokenKind.NamedParam:
                _p++;
                return new BindVariable(_sql.Substring(t.Start + 1, t.Length - 1));
            case TokenKind.UserVar:
                _p++;
                return ParseUserVariable(t);
        }

        if (IsIdent())
        {
            // A stored-program variable.
            return new ColumnName(Ident());
        }

        throw Error();
    }
}
