using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// FROM clauses: table references, joins, derived tables, index hints.
internal sealed partial class Parser
{
    internal List<TableExpr> ParseTableRefs()
    {
        var list = new List<TableExpr>(2) { ParseTableRef() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseTableRef());
        }

        return list;
    }

    private TableExpr ParseTableRef()
    {
        var left = ParseTableFactor();
        while (true)
        {
            JoinKind kind;
            var natural = false;
            if (Is(Kw.JOIN) || Is(Kw.INNER) || Is(Kw.CROSS))
            {
                kind = Is(Kw.CROSS) ? JoinKind.Cross : JoinKind.Inner;
                if (!Accept(Kw.JOIN))
                {
                    _p++;
                    Expect(Kw.JOIN);
                }
            }
            else if (Accept(Kw.STRAIGHT_JOIN))
            {
                kind = JoinKind.Straight;
            }
            else if (Is(Kw.LEFT) || Is(Kw.RIGHT))
            {
                kind = Is(Kw.LEFT) ? JoinKind.Left : JoinKind.Right;
                _p++;
                Accept(Kw.OUTER);
                Expect(Kw.JOIN);
            }
            else if (Accept(Kw.NATURAL))
            {
                natural = true;
                kind = JoinKind.NaturalInner;
                if (Accept(Kw.LEFT))
                {
                    kind = JoinKind.NaturalLeft;
                    Accept(Kw.OUTER);
                }
                else if (Accept(Kw.RIGHT))
                {
                    kind = JoinKind.NaturalRight;
                    Accept(Kw.OUTER);
                }
                else
                {
                    Accept(Kw.INNER);
                }

                Expect(Kw.JOIN);
            }
            else
            {
                return left;
            }

            var right = ParseTableFactor();
            if (natural)
            {
                left = new JoinTable(left, kind, right);
                continue;
            }

            if (Accept(Kw.ON))
            {
                left = new JoinTable(left, kind, right, On: ParseExpr());
            }
            else if (Accept(Kw.USING))
            {
                left = new JoinTable(left, kind, right, Using: ParenIdentList());
            }
            else if (kind is JoinKind.Left or JoinKind.Right)
            {
                throw Error();
            }
            else
            {
                left = new JoinTable(left, kind, right);
            }
        }
    }

    private TableExpr ParseTableFactor()
    {
        EnsureStack();
        var lateral = Accept(Kw.LATERAL);
        if (Is(TokenKind.LParen))
        {
            if (lateral || IsQueryStart())
            {
                var save = _p;
                var saveParam = _paramIndex;
                try
                {
                    var sub = ParseSubqueryInParens();
                    var alias = ParseAlias(allowString: false);
                    List<string>? cols = null;
                    if (alias != null && Is(TokenKind.LParen))
                    {
                        cols = ParenIdentList();
                    }

                    return new DerivedTable(sub, alias, cols, lateral);
                }
                catch (SqlSyntaxException) when (!lateral)
                {
                    // `((t1 join t2))` style nesting: retry as a table list.
                    _p = save;
                    _paramIndex = saveParam;
                }
            }

            Expect(TokenKind.LParen);
            var list = ParseTableRefs();
            Expect(TokenKind.RParen);
            return list.Count == 1 ? list[0] : new ParenTableExpr(list);
        }

        var name = ParseTableName();
        List<string>? partitions = null;
        if (Accept(Kw.PARTITION))
        {
            partitions = ParenIdentList();
        }

        var a = ParseAlias(allowString: false);
        List<IndexHint>? hints = null;
        while ((Is(Kw.USE) || Is(Kw.IGNORE) || Is(Kw.FORCE)) && (IsNext(Kw.INDEX) || IsNext(Kw.KEY)))
        {
            var kind = LowerText(Cur);
            _p += 2;
            string? forWhat = null;
            if (Accept(Kw.FOR))
            {
                if (Accept(Kw.JOIN))
                {
                    forWhat = "join";
                }
                else if (Accept(Kw.ORDER))
                {
                    Expect(Kw.BY);
                    forWhat = "order by";
                }
                else
                {
                    Expect(Kw.GROUP);
                    Expect(Kw.BY);
                    forWhat = "group by";
                }
            }

            Expect(TokenKind.LParen);
            var names = new List<string>();
            if (!Is(TokenKind.RParen))
            {
                do
                {
                    names.Add(Is(Kw.PRIMARY) ? AnyWord() : Ident());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RParen);
            (hints ??= []).Add(new IndexHint(kind, forWhat, names));
        }

        return new AliasedTable(name, a, hints, partitions);
    }
}
