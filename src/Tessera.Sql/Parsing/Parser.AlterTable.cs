using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// ALTER TABLE / DATABASE / VIEW. https://mariadb.com/kb/en/alter-table/
internal sealed partial class Parser
{
    private Statement ParseAlter()
    {
        Expect(Kw.ALTER);
        if (Accept(Kw.DATABASE) || Accept(Kw.SCHEMA))
        {
            string? db = IsIdent() && !Is(Kw.CHARSET) && !Is(Kw.COLLATE) && !Is(Kw.COMMENT) ? Ident() : null;
            var options = new List<TableOption>();
            while (TryParseTableOption(out var o))
            {
                options.Add(o);
            }

            if (options.Count == 0)
            {
                throw Error();
            }

            return new AlterDatabase(db, options);
        }

        SkipViewPreamble();
        if (Accept(Kw.VIEW))
        {
            return ParseViewBody(orReplace: false, isAlter: true);
        }

        AcceptWord("online");
        Accept(Kw.IGNORE);
        Expect(Kw.TABLE);
        var table = ParseTableName();
        var specs = new List<AlterSpec>();
        if (Is(TokenKind.Eof) || Is(TokenKind.Semicolon))
        {
            return new AlterTable(table, specs);
        }

        do
        {
            specs.Add(ParseAlterSpec());
        }
        while (Accept(TokenKind.Comma));
        return new AlterTable(table, specs);
    }

    private string? ParseColumnPosition()
    {
        if (Accept(Kw.FIRST))
        {
            return "first";
        }

        if (Accept(Kw.AFTER))
        {
            return "after " + SqlFormatter.Format(new ColumnName(Ident()));
        }

        return null;
    }

    private AlterSpec ParseAlterSpec()
    {
        if (Accept(Kw.ADD))
        {
            if (Is(Kw.CONSTRAINT) || Is(Kw.PRIMARY) || Is(Kw.UNIQUE) || Is(Kw.INDEX) || Is(Kw.KEY) || Is(Kw.FULLTEXT)
                || Is(Kw.SPATIAL) || Is(Kw.FOREIGN) || Is(Kw.CHECK))
            {
                return new AddElement(ParseTableElement());
            }

            Accept(Kw.COLUMN);
            AcceptIfNotExists();
            if (Accept(TokenKind.LParen))
            {
                var cols = new List<ColumnDefinition>();
                do
                {
                    cols.Add(ParseColumnDefinition());
                }
                while (Accept(TokenKind.Comma));
                Expect(TokenKind.RParen);
                return new AddColumns(cols);
            }

            var col = ParseColumnDefinition();
            return new AddColumns([col], ParseColumnPosition());
        }

        if (Accept(Kw.DROP))
        {
            if (Accept(Kw.PRIMARY))
            {
                Expect(Kw.KEY);
                return new DropElement("primary key", null);
            }

            if (Accept(Kw.INDEX) || Accept(Kw.KEY))
            {
                var ifExists = AcceptIfExists();
                return new DropElement("index", Ident(), ifExists);
            }

            if (Accept(Kw.FOREIGN))
            {
                Expect(Kw.KEY);
                var ifExists = AcceptIfExists();
                return new DropElement("foreign key", Ident(), ifExists);
            }

            if (Accept(Kw.CONSTRAINT) || Accept(Kw.CHECK))
            {
                var ifExists = AcceptIfExists();
                return new DropElement("constraint", Ident(), ifExists);
            }

            Accept(Kw.COLUMN);
            var exists = AcceptIfExists();
            return new DropElement("column", Ident(), exists);
        }

        if (Accept(Kw.MODIFY))
        {
            Accept(Kw.COLUMN);
            AcceptIfExists();
            var col = ParseColumnDefinition();
            return new ChangeColumn(null, col, ParseColumnPosition());
        }

        if (Accept(Kw.CHANGE))
        {
            Accept(Kw.COLUMN);
            AcceptIfExists();
            var old = Ident();
            var col = ParseColumnDefinition();
            return new ChangeColumn(old, col, ParseColumnPosition());
        }

        if (Accept(Kw.RENAME))
        {
            if (Accept(Kw.COLUMN) || Accept(Kw.INDEX) || Accept(Kw.KEY))
            {
                var kind = _tokens[_p - 1].Keyword == Kw.COLUMN ? "column" : "index";
                var from = Ident();
                Expect(Kw.TO);
                return new RenameSpec(kind, from, new TableName(Ident()));
            }

            _ = Accept(Kw.TO) || Accept(Kw.AS);
            return new RenameSpec(null, null, ParseTableName());
        }

        if (Accept(Kw.ALTER))
        {
            Accept(Kw.COLUMN);
            var col = Ident();
            if (Accept(Kw.DROP))
            {
                Expect(Kw.DEFAULT);
                return new AlterColumnDefault(col, null);
            }

            Expect(Kw.SET);
            Expect(Kw.DEFAULT);
            return new AlterColumnDefault(col, ParseUnary());
        }

        if (Is(Kw.ALGORITHM) || Is(Kw.LOCK))
        {
            return new AlterWord(ParseAlgorithmOrLock());
        }

        if (Accept(Kw.FORCE))
        {
            return new AlterWord("force");
        }

        if (Accept(Kw.ENABLE) || Accept(Kw.DISABLE))
        {
            var word = _tokens[_p - 1].Keyword == Kw.ENABLE ? "enable keys" : "disable keys";
            Expect(Kw.KEYS);
            return new AlterWord(word);
        }

        if (Accept(Kw.CONVERT))
        {
            Expect(Kw.TO);
            if (!Accept(Kw.CHARSET))
            {
                Expect(Kw.CHARACTER);
                Expect(Kw.SET);
            }

            var text = "convert to character set " + Word();
            if (Accept(Kw.COLLATE))
            {
                text += " collate " + Word();
            }

            return new AlterWord(text);
        }

        var options = new List<TableOption>();
        while (TryParseTableOption(out var o))
        {
            options.Add(o);
        }

        if (options.Count == 0)
        {
            throw Error();
        }

        return new AlterOptions(options);
    }
}
