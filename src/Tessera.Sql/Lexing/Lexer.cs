using System.Buffers;
using System.Text;

namespace Tessera.Sql.Lexing;

// Splits one statement text into tokens in a single pass. Comments are skipped (block comments are
// remembered so the parser can keep them on the AST); the body of a version comment
// `/*!50000 ... */` or MariaDB's `/*M!100100 ... */` is lexed as ordinary text, as the server does.
// https://mariadb.com/kb/en/comment-syntax/
internal sealed class Lexer
{
    private readonly string _sql;
    private int _pos;
    private bool _inVersionComment;
    private Token[] _tokens;
    private int _count;
    private List<LexedComment>? _comments;

    private Lexer(string sql, Token[] buffer)
    {
        _sql = sql;
        _tokens = buffer;
    }

    public static (Token[] Tokens, int Count, List<LexedComment>? Comments) Tokenize(string sql)
    {
        var lexer = new Lexer(sql, ArrayPool<Token>.Shared.Rent(Math.Max(16, sql.Length / 3 + 4)));
        lexer.Run();
        return (lexer._tokens, lexer._count, lexer._comments);
    }

    private void Run()
    {
        while (true)
        {
            var t = Next();
            if (_count == _tokens.Length)
            {
                var bigger = ArrayPool<Token>.Shared.Rent(_tokens.Length * 2);
                _tokens.AsSpan(0, _count).CopyTo(bigger);
                ArrayPool<Token>.Shared.Return(_tokens);
                _tokens = bigger;
            }

            _tokens[_count++] = t;
            if (t.Kind == TokenKind.Eof)
            {
                return;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        var s = _sql;
        var start = _pos;
        if (start >= s.Length)
        {
            return new Token(TokenKind.Eof, Kw.None, s.Length, s.Length);
        }

        var c = s[start];
        switch (c)
        {
            case '\'':
            case '"':
                return LexString(c);
            case '`':
                return LexQuotedIdentifier();
            case '(': return Punct(TokenKind.LParen, 1);
            case ')': return Punct(TokenKind.RParen, 1);
            case ',': return Punct(TokenKind.Comma, 1);
            case ';': return Punct(TokenKind.Semicolon, 1);
            case '{': return Punct(TokenKind.LBrace, 1);
            case '}': return Punct(TokenKind.RBrace, 1);
            case '+': return Punct(TokenKind.Plus, 1);
            case '*': return Punct(TokenKind.Star, 1);
            case '/': return Punct(TokenKind.Slash, 1);
            case '%': return Punct(TokenKind.Percent, 1);
            case '^': return Punct(TokenKind.Caret, 1);
            case '~': return Punct(TokenKind.Tilde, 1);
            case '?': return Punct(TokenKind.Param, 1);
            case '=': return Punct(TokenKind.Eq, 1);
            case '-':
                if (Peek(1) == '>')
                {
                    return Peek(2) == '>' ? Punct(TokenKind.JsonUnquoteExtract, 3) : Punct(TokenKind.JsonExtract, 2);
                }

                return Punct(TokenKind.Minus, 1);
            case '&': return Peek(1) == '&' ? Punct(TokenKind.AndAnd, 2) : Punct(TokenKind.Amp, 1);
            case '|': return Peek(1) == '|' ? Punct(TokenKind.OrOr, 2) : Punct(TokenKind.Pipe, 1);
            case '!': return Peek(1) == '=' ? Punct(TokenKind.Ne, 2) : Punct(TokenKind.Bang, 1);
            case '<':
                return Peek(1) switch
                {
                    '=' => Peek(2) == '>' ? Punct(TokenKind.NullSafeEq, 3) : Punct(TokenKind.Le, 2),
                    '>' => Punct(TokenKind.Ne, 2),
                    '<' => Punct(TokenKind.ShiftLeft, 2),
                    _ => Punct(TokenKind.Lt, 1),
                };
            case '>':
                return Peek(1) switch
                {
                    '=' => Punct(TokenKind.Ge, 2),
                    '>' => Punct(TokenKind.ShiftRight, 2),
                    _ => Punct(TokenKind.Gt, 1),
                };
            case ':':
                if (Peek(1) == '=')
                {
                    return Punct(TokenKind.Assign, 2);
                }

                if (IsIdentStart(Peek(1)) || char.IsAsciiDigit(Peek(1)))
                {
                    _pos++;
                    ScanIdentChars();
                    return new Token(TokenKind.NamedParam, Kw.None, start, _pos);
                }

                return Punct(TokenKind.Colon, 1);
            case '@':
                return LexVariable();
            case '.':
                if (char.IsAsciiDigit(Peek(1)) && !PreviousIsIdentifierLike())
                {
                    return LexNumber();
                }

                return Punct(TokenKind.Dot, 1);
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber();
        }

        if ((c is 'x' or 'X' or 'b' or 'B') && Peek(1) == '\'')
        {
            return LexPrefixedString(c is 'x' or 'X' ? TokenKind.HexString : TokenKind.BitString);
        }

        if ((c is 'n' or 'N') && Peek(1) == '\'')
        {
            // N'..' (national string) is an ordinary string in utf8.
            _pos++;
            var str = LexString('\'');
            return str with { Start = start };
        }

        if (IsIdentStart(c))
        {
            ScanIdentChars();
            var kw = Keywords.Lookup(s.AsSpan(start, _pos - start));
            return new Token(TokenKind.Identifier, kw, start, _pos);
        }

        throw Error(start);
    }

    private bool PreviousIsIdentifierLike() =>
        _count > 0 && _tokens[_count - 1].End == _pos &&
        _tokens[_count - 1].Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.RParen;

    private char Peek(int ahead) => _pos + ahead < _sql.Length ? _sql[_pos + ahead] : '\0';

    private Token Punct(TokenKind kind, int length)
    {
        var t = new Token(kind, Kw.None, _pos, _pos + length);
        _pos += length;
        return t;
    }

    internal static bool IsIdentStart(char c) =>
        char.IsAsciiLetter(c) || c == '_' || c == '$' || c >= 0x80;

    internal static bool IsIdentChar(char c) => IsIdentStart(c) || char.IsAsciiDigit(c);

    private void ScanIdentChars()
    {
        var s = _sql;
        while (_pos < s.Length && IsIdentChar(s[_pos]))
        {
            _pos++;
        }
    }

    private Token LexNumber()
    {
        var s = _sql;
        var start = _pos;
        if (s[start] == '0' && (Peek(1) is 'x' or 'b'))
        {
            var hex = Peek(1) == 'x';
            var p = start + 2;
            while (p < s.Length && (hex ? char.IsAsciiHexDigit(s[p]) : s[p] is '0' or '1'))
            {
                p++;
            }

            if (p > start + 2 && (p == s.Length || !IsIdentChar(s[p])))
            {
                _pos = p;
                return new Token(hex ? TokenKind.HexNumber : TokenKind.BitNumber, Kw.None, start, p);
            }

            // `0xzz` or `0b12` is an identifier in MySQL.
            ScanIdentChars();
            return new Token(TokenKind.Identifier, Kw.None, start, _pos);
        }

        var kind = TokenKind.Integer;
        while (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
        {
            _pos++;
        }

        if (_pos < s.Length && s[_pos] == '.')
        {
            kind = TokenKind.Decimal;
            _pos++;
            while (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < s.Length && s[_pos] is 'e' or 'E')
        {
            var p = _pos + 1;
            if (p < s.Length && s[p] is '+' or '-')
            {
                p++;
            }

            if (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    p++;
                }

                kind = TokenKind.Float;
                _pos = p;
            }
        }

        if (kind == TokenKind.Integer && _pos < s.Length && IsIdentStart(s[_pos]))
        {
            // MySQL identifiers may begin with digits: `1col`.
            ScanIdentChars();
            return new Token(TokenKind.Identifier, Keywords.Lookup(s.AsSpan(start, _pos - start)), start, _pos);
        }

        return new Token(kind, Kw.None, start, _pos);
    }

    private Token LexString(char quote)
    {
        var s = _sql;
        var start = _pos;
        var p = _pos + 1;
        while (p < s.Length)
        {
            var c = s[p];
            if (c == '\\')
            {
                p += 2;
                continue;
            }

            if (c == quote)
            {
                if (p + 1 < s.Length && s[p + 1] == quote)
                {
                    p += 2;
                    continue;
                }

                _pos = p + 1;
                return new Token(TokenKind.String, Kw.None, start, _pos);
            }

            p++;
        }

        throw Error(start);
    }

    private Token LexPrefixedString(TokenKind kind)
    {
        var start = _pos;
        var p = _pos + 2;
        var s = _sql;
        while (p < s.Length && s[p] != '\'')
        {
            var ok = kind == TokenKind.HexString ? char.IsAsciiHexDigit(s[p]) : s[p] is '0' or '1';
            if (!ok)
            {
                throw Error(start);
            }

            p++;
        }

        if (p >= s.Length || (kind == TokenKind.HexString && (p - start - 2) % 2 != 0))
        {
            throw Error(start);
        }

        _pos = p + 1;
        return new Token(kind, Kw.None, start, _pos);
    }

    private Token LexQuotedIdentifier()
    {
        var s = _sql;
        var start = _pos;
        var p = _pos + 1;
        while (p < s.Length)
        {
            if (s[p] == '`')
            {
                if (p + 1 < s.Length && s[p + 1] == '`')
                {
                    p += 2;
                    continue;
                }

                if (p == start + 1)
                {
                    throw Error(start);
                }

                _pos = p + 1;
                return new Token(TokenKind.QuotedIdentifier, Kw.None, start, _pos);
            }

            p++;
        }

        throw Error(start);
    }

    private Token LexVariable()
    {
        var start = _pos;
        if (Peek(1) == '@')
        {
            _pos += 2;
            var s = _sql;
            if (_pos < s.Length && s[_pos] == '`')
            {
                LexQuotedIdentifier();
                return new Token(TokenKind.SystemVar, Kw.None, start, _pos);
            }

            while (_pos < s.Length && (IsIdentChar(s[_pos]) || (s[_pos] == '.' && _pos + 1 < s.Length && IsIdentStart(s[_pos + 1]))))
            {
                _pos++;
            }

            if (_pos == start + 2)
            {
                throw Error(start);
            }

            return new Token(TokenKind.SystemVar, Kw.None, start, _pos);
        }

        var next = Peek(1);
        _pos++;
        if (next is '\'' or '"')
        {
            LexString(next);
        }
        else if (next == '`')
        {
            LexQuotedIdentifier();
        }
        else if (IsIdentChar(next) || next == '.')
        {
            var s = _sql;
            while (_pos < s.Length && (IsIdentChar(s[_pos]) || s[_pos] == '.'))
            {
                _pos++;
            }
        }
        else
        {
            return new Token(TokenKind.At, Kw.None, start, _pos);
        }

        return new Token(TokenKind.UserVar, Kw.None, start, _pos);
    }

    private void SkipTrivia()
    {
        var s = _sql;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '#' || (c == '-' && Peek(1) == '-' && (_pos + 2 >= s.Length || char.IsWhiteSpace(s[_pos + 2]) || char.IsControl(s[_pos + 2]))))
            {
                while (_pos < s.Length && s[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var start = _pos;
                var mariaVersion = Peek(2) == 'M' && Peek(3) == '!';
                if (Peek(2) == '!' || mariaVersion)
                {
                    if (_inVersionComment)
                    {
                        throw Error(start);
                    }

                    _pos += mariaVersion ? 4 : 3;
                    while (_pos < s.Length && char.IsAsciiDigit(s[_pos]))
                    {
                        _pos++;
                    }

                    _inVersionComment = true;
                    continue;
                }

                var end = s.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error(start);
                }

                _pos = end + 2;
                (_comments ??= []).Add(new LexedComment(_count, start, _pos));
            }
            else if (c == '*' && Peek(1) == '/' && _inVersionComment)
            {
                _inVersionComment = false;
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private SqlSyntaxException Error(int position) => SqlSyntaxException.At(_sql, position);

    // Decodes a quoted string token: backslash escapes and doubled quotes.
    // https://mariadb.com/kb/en/string-literals/
    public static string DecodeString(string sql, Token t)
    {
        var start = t.Start;
        if (sql[start] is 'n' or 'N')
        {
            start++;
        }

        var quote = sql[start];
        var body = sql.AsSpan(start + 1, t.End - start - 2);
        if (body.IndexOfAny('\\', quote) < 0)
        {
            return body.ToString();
        }

        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == quote)
            {
                sb.Append(quote);
                i++;
                continue;
            }

            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = body[++i];
            switch (e)
            {
                case '0': sb.Append('\0'); break;
                case 'b': sb.Append('\b'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'Z': sb.Append('\x1a'); break;
                case '%': sb.Append("\\%"); break;
                case '_': sb.Append("\\_"); break;
                default: sb.Append(e); break;
            }
        }

        return sb.ToString();
    }

    public static string DecodeQuotedIdentifier(string sql, Token t)
    {
        var body = sql.AsSpan(t.Start + 1, t.Length - 2);
        return body.Contains("``", StringComparison.Ordinal) ? body.ToString().Replace("``", "`", StringComparison.Ordinal) : body.ToString();
    }
}
