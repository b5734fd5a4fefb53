namespace Tessera.Sql.Ast;

// Every AST node is an immutable record that writes itself back as canonical SQL: keywords in
// lower case, identifiers backquoted only when they must be, literals in their canonical spelling.
// Change a tree with `with` or an AstRewriter; nodes are never mutated after parsing.
public abstract record SqlNode
{
    internal abstract void Format(SqlWriter w);

    public sealed override string ToString() => SqlFormatter.Format(this);
}
