using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

internal sealed partial class Parser
{
    private Statement ParseStatement()
    {
        var t = Cur;
        if (t.Kind == TokenKind.LParen)
        {
            return ParseQuery();
        }

        if (t.Kind != TokenKind.Identifier)
        {
            throw Error();
        }

        switch (t.Keyword)
        {
            case Kw.SELECT:
                return ParseQuery(CommentsBefore(_p + 1));
            case Kw.WITH:
                return ParseQuery();
            case Kw.INSERT:
            case Kw.REPLACE:
                return ParseInsert();
            case Kw.UPDATE:
                return ParseUpdate();
            case Kw.DELETE:
                return ParseDelete();
            case Kw.SET:
                return ParseSet();
            case Kw.USE:
                return ParseUse();
            case Kw.BEGIN:
                _p++;
                Accept(Kw.WORK);
                return new BeginStatement([], IsStart: false);
            case Kw.START:
                return ParseStartTransaction();
            case Kw.COMMIT:
                _p++;
                Accept(Kw.WORK);
                SkipCompletion();
                return new CommitStatement();
            case Kw.ROLLBACK:
                return ParseRollback();
            case Kw.SAVEPOINT:
                _p++;
                return new SavepointStatement(Ident());
            case Kw.RELEASE:
                _p++;
                Expect(Kw.SAVEPOINT);
                return new ReleaseSavepointStatement(Ident());
            case Kw.SHOW:
                return ParseShow();
            case Kw.CREATE:
                return ParseCreate();
            case Kw.ALTER:
                return ParseAlter();
            case Kw.DROP:
                return ParseDrop();
            case Kw.RENAME:
                return ParseRename();
            case Kw.TRUNCATE:
                _p++;
                Accept(Kw.TABLE);
                return new TruncateTable(ParseTableName());
            case Kw.EXPLAIN:
            case Kw.DESCRIBE:
            case Kw.DESC:
                return ParseExplain();
            case Kw.LOCK:
                return ParseLockTables();
            case Kw.UNLOCK:
                _p++;
                if (!Accept(Kw.TABLES))
                {
                    Expect(Kw.TABLE);
                }

                return new UnlockTables();
            case Kw.FLUSH:
                return ParseFlush();
            case Kw.ANALYZE:
            case Kw.OPTIMIZE:
                return ParseTableMaintenance();
            case Kw.CALL:
                return ParseCall();
            case Kw.KILL:
                _p++;
                var queryOnly = Accept(Kw.QUERY);
                if (!queryOnly)
                {
                    Accept(Kw.CONNECTION);
                }

                return new KillStatement(ParseExpr(), queryOnly);
            case Kw.DO:
                _p++;
                return new DoStatement(ParseExprList());
        }

        throw Error();
    }

    private void SkipCompletion()
    {
        if (Accept(Kw.AND))
        {
            Accept(Kw.NO);
            Expect(Kw.CHAIN);
        }

        if (Accept(Kw.NO))
        {
            Expect(Kw.RELEASE);
        }
        else
        {
            Accept(Kw.RELEASE);
        }
    }

    private Statement ParseStartTransaction()
    {
        Expect(Kw.START);
        Expect(Kw.TRANSACTION);
        var characteristics = new List<string>();
        if (!Is(TokenKind.Eof) && !Is(TokenKind.Semicolon))
        {
            do
            {
                if (Accept(Kw.READ))
                {
                    characteristics.Add(Accept(Kw.ONLY) ? "read only" : Accept(Kw.WRITE) ? "read write" : throw Error());
                }
                else
                {
                    Expect(Kw.WITH);
                    Expect(Kw.CONSISTENT);
                    Expect(Kw.SNAPSHOT);
                    characteristics.Add("with consistent snapshot");
                }
            }
            while (Accept(TokenKind.Comma));
        }

        return new BeginStatement(characteristics);
    }

    private Statement ParseRollback()
    {
        Expect(Kw.ROLLBACK);
        Accept(Kw.WORK);
        if (Accept(Kw.TO))
        {
            Accept(Kw.SAVEPOINT);
            return new RollbackStatement(Ident());
        }

        SkipCompletion();
        return new RollbackStatement();
    }

    // The target is taken as written up to the end of the statement, so `ks/-80`, `ks:-80` and
    // `ks@replica` need no quoting.
    private Statement ParseUse()
    {
        Expect(Kw.USE);
        if (Is(TokenKind.QuotedIdentifier) && (IsNext(TokenKind.Eof) || IsNext(TokenKind.Semicolon)))
        {
            return new UseStatement(Ident());
        }

        var start = Cur.Start;
        var end = start;
        while (!Is(TokenKind.Eof) && !Is(TokenKind.Semicolon))
        {
            if (Cur.Start != end && end != start)
            {
                throw Error();
            }

            if (!(Cur.Kind is TokenKind.Identifier or TokenKind.Integer or TokenKind.Minus or TokenKind.Slash or TokenKind.Colon
                or TokenKind.UserVar or TokenKind.Decimal or TokenKind.HexNumber or TokenKind.Float or TokenKind.NamedParam))
            {
                throw Error();
            }

            end = Cur.End;
            _p++;
        }

        if (end == start)
        {
            throw Error();
        }

        return new UseStatement(_sql[start..end]);
    }
}
