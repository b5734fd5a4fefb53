using System.Buffers;
using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// Recursive-descent parser over the token array of one statement text. One instance per parse;
// the token buffer is pooled and returned when the parser is disposed.
internal sealed partial class Parser : IDisposable
{
    private readonly string _sql;
    private readonly List<LexedComment>? _comments;
    private Token[] _tokens;
    private readonly int _count;
    private int _p;
    private int _paramIndex;

    public Parser(string sql)
    {
        _sql = sql;
        (_tokens, _count, _comments) = Lexer.Tokenize(sql);
    }

    public void Dispose()
    {
        if (_tokens.Length > 0)
        {
            ArrayPool<Token>.Shared.Return(_tokens);
            _tokens = [];
        }
    }

    // Parses one statement, with an optional trailing `;`, and nothing after it.
    public Statement ParseSingle()
    {
        var s = ParseStatement();
        Accept(TokenKind.Semicolon);
        if (Cur.Kind != TokenKind.Eof)
        {
            throw Error();
        }

        return s;
    }

    public Expression ParseStandaloneExpression()
    {
        var e = ParseExpr();
        if (Cur.Kind != TokenKind.Eof)
        {
            throw Error();
        }

        return e;
    }

    // Parses `;`-separated statements; empty statements are skipped.
    public List<Statement> ParseAll()
    {
        var list = new List<Statement>();
        while (true)
        {
            while (Accept(TokenKind.Semicolon))
            {
            }

            if (Cur.Kind == TokenKind.Eof)
            {
                return list;
            }

            list.Add(ParseStatement());
            if (Cur.Kind != TokenKind.Eof && !Is(TokenKind.Semicolon))
            {
                throw Error();
            }
        }
    }

    private Token Cur => _tokens[_p];

    private Token PeekToken(int ahead) => _tokens[Math.Min(_p + ahead, _count - 1)];

    private bool Is(Kw k) => _tokens[_p].Keyword == k;

    private bool Is(TokenKind k) => _tokens[_p].Kind == k;

    private bool IsNext(Kw k, int ahead = 1) => PeekToken(ahead).Keyword == k;

    private bool IsNext(TokenKind k, int ahead = 1) => PeekToken(ahead).Kind == k;

    private bool Accept(Kw k)
    {
        if (_tokens[_p].Keyword == k)
        {
            _p++;
            return true;
        }

        return false;
    }

    private bool Accept(TokenKind k)
    {
        if (_tokens[_p].Kind == k)
        {
            _p++;
            return true;
        }

        return false;
    }

    private void Expect(Kw k)
    {
        if (!Accept(k))
        {
            throw Error();
        }
    }

    private void Expect(TokenKind k)
    {
        if (!Accept(k))
        {
            throw Error();
        }
    }

    // Deeply nested input must end in a syntax error, never in a stack overflow that kills the process.
    private void EnsureStack()
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error();
        }
    }

    private SqlSyntaxException Error() => SqlSyntaxException.At(_sql, Cur.Start);

    private string Text(Token t) => _sql.Substring(t.Start, t.Length);

    private string LowerText(Token t) => _sql.Substring(t.Start, t.Length).ToLowerInvariant();

    // An identifier: a bare word that is not reserved, or a backquoted name.
    private bool IsIdent() => IsIdent(Cur);

    private static bool IsIdent(Token t) =>
        t.Kind == TokenKind.QuotedIdentifier || (t.Kind == TokenKind.Identifier && !Keywords.IsReserved(t.Keyword));

    private string Ident()
    {
        var t = Cur;
        if (t.Kind == TokenKind.QuotedIdentifier)
        {
            _p++;
            return Lexer.DecodeQuotedIdentifier(_sql, t);
        }

        if (t.Kind == TokenKind.Identifier && !Keywords.IsReserved(t.Keyword))
        {
            _p++;
            return Text(t);
        }

        throw Error();
    }

    // After a `.`, MySQL accepts any word, reserved or not (`t.order`).
    private string IdentAfterDot()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Identifier)
        {
            _p++;
            return Text(t);
        }

        return Ident();
    }

    private List<string> IdentList()
    {
        var list = new List<string> { Ident() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(Ident());
        }

        return list;
    }

    private List<string> ParenIdentList()
    {
        Expect(TokenKind.LParen);
        var l = IdentList();
        Expect(TokenKind.RParen);
        return l;
    }

    // Any bare word, reserved or not, lower case: units (`year_month`), `table` after SHOW CREATE.
    private string AnyWord()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Identifier)
        {
            _p++;
            return Text(t).ToLowerInvariant();
        }

        return Word();
    }

    // A word used as a name of a charset, collation, engine or unit: a bare word that is not
    // reserved (`binary` excepted, it is a charset), a backquoted name or a string.
    private string Word()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Identifier && (!Keywords.IsReserved(t.Keyword) || t.Keyword == Kw.BINARY))
        {
            _p++;
            return Text(t).ToLowerInvariant();
        }

        if (t.Kind == TokenKind.QuotedIdentifier)
        {
            _p++;
            return Lexer.DecodeQuotedIdentifier(_sql, t).ToLowerInvariant();
        }

        if (t.Kind == TokenKind.String)
        {
            _p++;
            return Lexer.DecodeString(_sql, t).ToLowerInvariant();
        }

        throw Error();
    }

    private TableName ParseTableName()
    {
        if (Is(Kw.DUAL))
        {
            _p++;
            return new TableName("dual");
        }

        var first = Ident();
        if (Accept(TokenKind.Dot))
        {
            return new TableName(first, IdentAfterDot());
        }

        return new TableName(first);
    }

    private List<TableName> TableNameList()
    {
        var list = new List<TableName> { ParseTableName() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseTableName());
        }

        return list;
    }

    // Block comments that precede the token at `index` (those around the statement verb).
    private Comments? CommentsBefore(int index)
    {
        if (_comments == null)
        {
            return null;
        }

        List<string>? items = null;
        foreach (var c in _comments)
        {
            if (c.Index <= index)
            {
                (items ??= []).Add(_sql[c.Start..c.End]);
            }
        }

        return items == null ? null : new Comments(items);
    }

    private string StringLiteral()
    {
        if (!Is(TokenKind.String))
        {
            throw Error();
        }

        var s = Lexer.DecodeString(_sql, Cur);
        _p++;
        return s;
    }
}
