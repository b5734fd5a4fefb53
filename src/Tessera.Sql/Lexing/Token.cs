namespace Tessera.Sql.Lexing;

// A token is only a kind and a slice of the statement text; values are decoded on demand so a
// statement made of keywords, identifiers and numbers lexes without allocating.
internal readonly record struct Token(TokenKind Kind, Kw Keyword, int Start, int End)
{
    public int Length => End - Start;
}

// A block comment seen by the lexer; Index is the index of the token it precedes.
internal readonly record struct LexedComment(int Index, int Start, int End);
