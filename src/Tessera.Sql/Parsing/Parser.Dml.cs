using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// INSERT / REPLACE, UPDATE, DELETE.
// https://mariadb.com/kb/en/insert/ , https://mariadb.com/kb/en/update/ , https://mariadb.com/kb/en/delete/
internal sealed partial class Parser
{
    private Statement ParseInsert()
    {
        var isReplace = Is(Kw.REPLACE);
        _p++;
        var comments = CommentsBefore(_p);
        List<string>? options = null;
        while (Is(Kw.LOW_PRIORITY) || Is(Kw.DELAYED) || Is(Kw.HIGH_PRIORITY) || Is(Kw.IGNORE))
        {
            (options ??= []).Add(LowerText(Cur));
            _p++;
        }

        Accept(Kw.INTO);
        var table = ParseTableName();
        List<string>? partitions = null;
        if (Accept(Kw.PARTITION))
        {
            partitions = ParenIdentList();
        }

        List<string>? columns = null;
        if (Is(TokenKind.LParen) && !IsQueryStart())
        {
            _p++;
            columns = [];
            if (!Is(TokenKind.RParen))
            {
                do
                {
                    columns.Add(ParseColumnName().Name);
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RParen);
        }

        var insert = new Insert { IsReplace = isReplace, Comments = comments, Options = (IReadOnlyList<string>?)options ?? [], Table = table, Partitions = partitions, Columns = columns };
        if (Accept(Kw.VALUES) || Accept(Kw.VALUE))
        {
            var rows = new List<IReadOnlyList<Expression>>();
            do
            {
                Accept(Kw.ROW);
                Expect(TokenKind.LParen);
                if (Accept(TokenKind.RParen))
                {
                    rows.Add([]);
                    continue;
                }

                rows.Add(ParseExprList());
                Expect(TokenKind.RParen);
            }
            while (Accept(TokenKind.Comma));
            insert = insert with { Rows = rows };
        }
        else if (Is(Kw.SET) && columns == null)
        {
            _p++;
            insert = insert with { Set = ParseAssignments() };
        }
        else if (IsQueryStart())
        {
            insert = insert with { Select = ParseQuery() };
        }
        else
        {
            throw Error();
        }

        if (Accept(Kw.ON))
        {
            Expect(Kw.DUPLICATE);
            Expect(Kw.KEY);
            Expect(Kw.UPDATE);
            insert = insert with { OnDuplicate = ParseAssignments() };
        }

        return insert;
    }

    private List<Assignment> ParseAssignments()
    {
        var list = new List<Assignment>();
        do
        {
            var col = ParseColumnName();
            if (!Accept(TokenKind.Eq))
            {
                Expect(TokenKind.Assign);
            }

            list.Add(new Assignment(col, ParseExpr()));
        }
        while (Accept(TokenKind.Comma));
        return list;
    }

    private Statement ParseUpdate()
    {
        Expect(Kw.UPDATE);
        var comments = CommentsBefore(_p);
        List<string>? options = null;
        while (Is(Kw.LOW_PRIORITY) || Is(Kw.IGNORE))
        {
            (options ??= []).Add(LowerText(Cur));
            _p++;
        }

        var tables = ParseTableRefs();
        Expect(Kw.SET);
        var set = ParseAssignments();
        var update = new Update { Comments = comments, Options = (IReadOnlyList<string>?)options ?? [], Tables = tables, Set = set };
        if (Accept(Kw.WHERE))
        {
            update = update with { Where = ParseExpr() };
        }

        if (Accept(Kw.ORDER))
        {
            Expect(Kw.BY);
            update = update with { OrderBy = ParseOrderItems() };
        }

        if (Is(Kw.LIMIT))
        {
            update = update with { Limit = ParseLimit() };
        }

        return update;
    }

    private Statement ParseDelete()
    {
        Expect(Kw.DELETE);
        var comments = CommentsBefore(_p);
        List<string>? options = null;
        while (Is(Kw.LOW_PRIORITY) || Is(Kw.QUICK) || Is(Kw.IGNORE))
        {
            (options ??= []).Add(LowerText(Cur));
            _p++;
        }

        IReadOnlyList<TableName> targets = [];
        List<TableExpr> from;
        if (Accept(Kw.FROM))
        {
            from = ParseTableRefs();
            if (Accept(Kw.USING))
            {
                targets = from.Select(f => f is AliasedTable { Alias: null, Hints: null } a ? a.Name : throw Error()).ToList();
                from = ParseTableRefs();
            }
        }
        else
        {
            var names = new List<TableName>();
            do
            {
                var first = Ident();
                var name = new TableName(first);
                if (Is(TokenKind.Dot) && !IsNext(TokenKind.Star))
                {
                    _p++;
                    name = new TableName(first, IdentAfterDot());
                }

                if (Is(TokenKind.Dot) && IsNext(TokenKind.Star))
                {
                    _p += 2;
                }

                names.Add(name);
            }
            while (Accept(TokenKind.Comma));
            targets = names;
            Expect(Kw.FROM);
            from = ParseTableRefs();
        }

        var delete = new Delete { Comments = comments, Options = (IReadOnlyList<string>?)options ?? [], Targets = targets, From = from };
        if (Accept(Kw.WHERE))
        {
            delete = delete with { Where = ParseExpr() };
        }

        if (Accept(Kw.ORDER))
        {
            Expect(Kw.BY);
            delete = delete with { OrderBy = ParseOrderItems() };
        }

        if (Is(Kw.LIMIT))
        {
            delete = delete with { Limit = ParseLimit() };
        }

        return delete;
    }
}
