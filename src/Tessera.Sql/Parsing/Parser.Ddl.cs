using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// DROP, RENAME; CREATE and ALTER are in Parser.CreateTable.cs.
internal sealed partial class Parser
{
    private Statement ParseDrop()
    {
        Expect(Kw.DROP);
        var temporary = Accept(Kw.TEMPORARY);
        if (Accept(Kw.TABLE) || (!temporary && Accept(Kw.TABLES)))
        {
            var ifExists = AcceptIfExists();
            var tables = TableNameList();
            _ = Accept(Kw.RESTRICT) || Accept(Kw.CASCADE);
            return new DropTable(tables, ifExists, temporary);
        }

        if (temporary)
        {
            throw Error();
        }

        if (Accept(Kw.VIEW))
        {
            var ifExists = AcceptIfExists();
            var views = TableNameList();
            _ = Accept(Kw.RESTRICT) || Accept(Kw.CASCADE);
            return new DropView(views, ifExists);
        }

        if (Accept(Kw.DATABASE) || Accept(Kw.SCHEMA))
        {
            var ifExists = AcceptIfExists();
            return new DropDatabase(Ident(), ifExists);
        }

        if (Accept(Kw.INDEX))
        {
            var name = Is(Kw.PRIMARY) ? AnyWord() : Ident();
            Expect(Kw.ON);
            return new DropIndex(name, ParseTableName());
        }

        throw Error();
    }

    private bool AcceptIfExists()
    {
        if (!Accept(Kw.IF))
        {
            return false;
        }

        Expect(Kw.EXISTS);
        return true;
    }

    private bool AcceptIfNotExists()
    {
        if (!Accept(Kw.IF))
        {
            return false;
        }

        Expect(Kw.NOT);
        Expect(Kw.EXISTS);
        return true;
    }

    private Statement ParseRename()
    {
        Expect(Kw.RENAME);
        if (!Accept(Kw.TABLE))
        {
            Expect(Kw.TABLES);
        }

        var pairs = new List<(TableName, TableName)>();
        do
        {
            var from = ParseTableName();
            Expect(Kw.TO);
            pairs.Add((from, ParseTableName()));
        }
        while (Accept(TokenKind.Comma));
        return new RenameTable(pairs);
    }

}
