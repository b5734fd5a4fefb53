using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// Primaries that begin with a word: keywords with expression meaning, function calls (with the
// special argument syntaxes of CAST, CONVERT, TRIM, EXTRACT, SUBSTRING, POSITION, GROUP_CONCAT),
// and column references.
internal sealed partial class Parser
{
    private static readonly HashSet<string> IntervalUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "microsecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
        "second_microsecond", "minute_microsecond", "minute_second", "hour_microsecond", "hour_second",
        "hour_minute", "day_microsecond", "day_second", "day_minute", "day_hour", "year_month",
    };

    // Reserved words that are also function names when followed by `(`.
    private static bool IsReservedFunction(Kw k) => k is Kw.IF or Kw.LEFT or Kw.RIGHT or Kw.REPLACE or Kw.INSERT
        or Kw.MOD or Kw.DATABASE or Kw.SCHEMA or Kw.CHAR or Kw.REPEAT or Kw.CURRENT_USER or Kw.UTC_DATE
        or Kw.UTC_TIME or Kw.UTC_TIMESTAMP or Kw.CURRENT_DATE or Kw.CURRENT_TIME or Kw.CURRENT_TIMESTAMP
        or Kw.LOCALTIME or Kw.LOCALTIMESTAMP or Kw.INTERVAL or Kw.CONVERT or Kw.MATCH;

    private static bool IsNiladicDateFunction(Kw k) => k is Kw.CURRENT_DATE or Kw.CURRENT_TIME or Kw.CURRENT_TIMESTAMP
        or Kw.LOCALTIME or Kw.LOCALTIMESTAMP or Kw.UTC_DATE or Kw.UTC_TIME or Kw.UTC_TIMESTAMP or Kw.CURRENT_USER;

    private Expression ParseWordExpression(Token t)
    {
        if (t.Kind == TokenKind.Identifier)
        {
            switch (t.Keyword)
            {
                case Kw.NULL:
                    _p++;
                    return Literal.Null;
                case Kw.TRUE:
                    _p++;
                    return Literal.True;
                case Kw.FALSE:
                    _p++;
                    return Literal.False;
                case Kw.EXISTS:
                    _p++;
                    return new ExistsExpr(ParseSubqueryInParens());
                case Kw.CASE:
                    return ParseCase();
                case Kw.INTERVAL:
                    _p++;
                    var value = ParseExpr();
                    var unit = AnyWord();
                    if (!IntervalUnits.Contains(unit))
                    {
                        _p--;
                        throw Error();
                    }

                    return new IntervalExpr(value, unit);
                case Kw.DEFAULT:
                    _p++;
                    if (Accept(TokenKind.LParen))
                    {
                        var col = Ident();
                        Expect(TokenKind.RParen);
                        return new DefaultExpr(col);
                    }

                    return new DefaultExpr();
                case Kw.VALUES when IsNext(TokenKind.LParen):
                    _p += 2;
                    var c = ParseColumnName();
                    Expect(TokenKind.RParen);
                    return new ValuesFuncExpr(c);
                case Kw.MATCH when IsNext(TokenKind.LParen):
                    return ParseMatch();
                case Kw.ROW when IsNext(TokenKind.LParen):
                    _p += 2;
                    var items = ParseExprList();
                    Expect(TokenKind.RParen);
                    return new TupleExpr(items);
            }

            if (t.Keyword is Kw.DATE or Kw.TIME or Kw.TIMESTAMP && IsNext(TokenKind.String))
            {
                _p++;
                var kind = t.Keyword == Kw.DATE ? LiteralKind.Date : t.Keyword == Kw.TIME ? LiteralKind.Time : LiteralKind.Timestamp;
                return new Literal(kind, StringLiteral());
            }

            if (IsNiladicDateFunction(t.Keyword) && !IsNext(TokenKind.LParen))
            {
                _p++;
                return new FunctionCall(LowerText(t), []);
            }

            if (t.Length > 1 && _sql[t.Start] == '_' && IsNext(TokenKind.String) && IsCharsetIntroducer(t))
            {
                _p++;
                return ParseStringLiteral(LowerText(t));
            }

            if (Keywords.IsReserved(t.Keyword) && !(IsReservedFunction(t.Keyword) && IsNext(TokenKind.LParen)))
            {
                throw Error();
            }
        }

        // A name: function call, column, `t.col`, `ks.t.col`, `t.*`.
        if (IsNext(TokenKind.LParen))
        {
            _p++;
            return ParseFunctionCall(t, null);
        }

        var first = t.Kind == TokenKind.QuotedIdentifier ? Lexer.DecodeQuotedIdentifier(_sql, t) : Text(t);
        _p++;
        if (!Is(TokenKind.Dot))
        {
            return new ColumnName(first);
        }

        _p++;
        if (Accept(TokenKind.Star))
        {
            return new StarExpr(new TableName(first));
        }

        if (IsNext(TokenKind.LParen) && Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            var fname = Cur;
            _p++;
            return ParseFunctionCall(fname, first);
        }

        var second = IdentAfterDot();
        if (!Accept(TokenKind.Dot))
        {
            return new ColumnName(new TableName(first), second);
        }

        if (Accept(TokenKind.Star))
        {
            return new StarExpr(new TableName(first, second));
        }

        return new ColumnName(new TableName(first, second), IdentAfterDot());
    }

    private static readonly HashSet<string> Charsets = new(StringComparer.OrdinalIgnoreCase)
    {
        "_utf8mb4", "_utf8mb3", "_utf8", "_latin1", "_binary", "_ascii", "_ucs2", "_utf16", "_utf16le", "_utf32",
        "_cp1251", "_cp1250", "_cp850", "_big5", "_gbk", "_gb2312", "_sjis", "_euckr", "_ujis", "_latin2", "_greek",
        "_hebrew", "_koi8r", "_cp932", "_eucjpms", "_armscii8", "_tis620", "_swe7", "_dec8", "_hp8", "_koi8u", "_macce",
        "_macroman", "_cp852", "_cp866", "_keybcs2", "_latin5", "_latin7", "_cp1256", "_cp1257", "_geostd8", "_gb18030",
    };

    private bool IsCharsetIntroducer(Token t) => Charsets.Contains(Text(t));

    internal ColumnName ParseColumnName()
    {
        var first = Ident();
        if (!Accept(TokenKind.Dot))
        {
            return new ColumnName(first);
        }

        var second = IdentAfterDot();
        if (!Accept(TokenKind.Dot))
        {
            return new ColumnName(new TableName(first), second);
        }

        return new ColumnName(new TableName(first, second), IdentAfterDot());
    }

    private CaseExpr ParseCase()
    {
        Expect(Kw.CASE);
        Expression? operand = Is(Kw.WHEN) ? null : ParseExpr();
        var whens = new List<WhenClause>();
        while (Accept(Kw.WHEN))
        {
            var cond = ParseExpr();
            Expect(Kw.THEN);
            whens.Add(new WhenClause(cond, ParseExpr()));
        }

        if (whens.Count == 0)
        {
            throw Error();
        }

        Expression? otherwise = null;
        if (Accept(Kw.ELSE))
        {
            otherwise = ParseExpr();
        }

        Expect(Kw.END);
        return new CaseExpr(operand, whens, otherwise);
    }

    private MatchExpr ParseMatch()
    {
        _p += 2;
        var cols = new List<Expression> { ParseColumnName() };
        while (Accept(TokenKind.Comma))
        {
            cols.Add(ParseColumnName());
        }

        Expect(TokenKind.RParen);
        ExpectWord("against");
        Expect(TokenKind.LParen);
        var against = ParseBitExpr(Prec.BitOr);
        string? modifier = null;
        if (Accept(Kw.IN))
        {
            if (AcceptWord("boolean"))
            {
                Expect(Kw.MODE);
                modifier = "in boolean mode";
            }
            else
            {
                ExpectWord("natural");
                ExpectWord("language");
                Expect(Kw.MODE);
                modifier = "in natural language mode";
                if (Accept(Kw.WITH))
                {
                    Expect(Kw.QUERY);
                    ExpectWord("expansion");
                    modifier += " with query expansion";
                }
            }
        }
        else if (Accept(Kw.WITH))
        {
            Expect(Kw.QUERY);
            ExpectWord("expansion");
            modifier = "with query expansion";
        }

        Expect(TokenKind.RParen);
        return new MatchExpr(cols, against, modifier);
    }

    private bool IsWord(string word) => Cur.Kind == TokenKind.Identifier && _sql.AsSpan(Cur.Start, Cur.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    private bool AcceptWord(string word)
    {
        if (IsWord(word))
        {
            _p++;
            return true;
        }

        return false;
    }

    private void ExpectWord(string word)
    {
        if (!AcceptWord(word))
        {
            throw Error();
        }
    }

    // Cur is `(`; name is the function name token.
    private Expression ParseFunctionCall(Token nameToken, string? qualifier)
    {
        var name = nameToken.Kind == TokenKind.QuotedIdentifier ? Lexer.DecodeQuotedIdentifier(_sql, nameToken).ToLowerInvariant() : LowerText(nameToken);
        Expect(TokenKind.LParen);
        if (qualifier == null)
        {
            switch (name)
            {
                case "cast":
                    {
                        var e = ParseExpr();
                        Expect(Kw.AS);
                        var type = SqlFormatter.Format(ParseDataType(forCast: true));
                        Expect(TokenKind.RParen);
                        return new CastExpr(e, type);
                    }

                case "convert":
                    {
                        var e = ParseExpr();
                        if (Accept(Kw.USING))
                        {
                            var cs = Word();
                            Expect(TokenKind.RParen);
                            return new ConvertUsingExpr(e, cs);
                        }

                        Expect(TokenKind.Comma);
                        var type = SqlFormatter.Format(ParseDataType(forCast: true));
                        Expect(TokenKind.RParen);
                        return new CastExpr(e, type, IsConvert: true);
                    }

                case "extract":
                    {
                        if (Cur.Kind != TokenKind.Identifier || !IntervalUnits.Contains(Text(Cur)))
                        {
                            throw Error();
                        }

                        var unit = AnyWord();
                        Expect(Kw.FROM);
                        var e = ParseExpr();
                        Expect(TokenKind.RParen);
                        return new ExtractExpr(unit, e);
                    }

                case "trim":
                    return ParseTrim();
                case "substring":
                case "substr":
                case "mid":
                    {
                        var s = ParseExpr();
                        var args = new List<Expression> { s };
                        if (Accept(Kw.FROM))
                        {
                            args.Add(ParseExpr());
                            if (Accept(Kw.FOR))
                            {
                                args.Add(ParseExpr());
                            }
                        }
                        else
                        {
                            while (Accept(TokenKind.Comma))
                            {
                                args.Add(ParseExpr());
                            }
                        }

                        Expect(TokenKind.RParen);
                        return new FunctionCall(name, args);
                    }

                case "position":
                    {
                        var needle = ParseBitExpr(Prec.BitOr);
                        Expect(Kw.IN);
                        var hay = ParseExpr();
                        Expect(TokenKind.RParen);
                        return new FunctionCall("locate", [needle, hay]);
                    }

                case "group_concat":
                    return ParseGroupConcat();
                case "char" when !Is(TokenKind.RParen):
                    {
                        var args = ParseExprList();
                        if (Accept(Kw.USING))
                        {
                            var cs = Word();
                            Expect(TokenKind.RParen);
                            return new ConvertUsingExpr(new FunctionCall("char", args), cs);
                        }

                        Expect(TokenKind.RParen);
                        return new FunctionCall("char", args);
                    }
            }
        }

        var distinct = false;
        List<Expression> arguments;
        if (Accept(TokenKind.RParen))
        {
            arguments = [];
        }
        else
        {
            if (Accept(Kw.DISTINCT) || Accept(Kw.DISTINCTROW))
            {
                distinct = true;
            }
            else
            {
                Accept(Kw.ALL);
            }

            if (Is(TokenKind.Star) && IsNext(TokenKind.RParen))
            {
                _p++;
                arguments = [new StarExpr()];
            }
            else
            {
                arguments = ParseExprList();
            }

            Expect(TokenKind.RParen);
        }

        WindowSpec? over = null;
        if (Accept(Kw.OVER))
        {
            over = Is(TokenKind.LParen) ? ParseWindowSpec() : new WindowSpec(Ident(), [], [], null);
        }

        return new FunctionCall(name, arguments, distinct, over, qualifier);
    }

    private TrimExpr ParseTrim()
    {
        string? side = null;
        if (Accept(Kw.BOTH))
        {
            side = "both";
        }
        else if (Accept(Kw.LEADING))
        {
            side = "leading";
        }
        else if (Accept(Kw.TRAILING))
        {
            side = "trailing";
        }

        Expression? remove = null;
        Expression operand;
        if (side != null && Accept(Kw.FROM))
        {
            operand = ParseExpr();
        }
        else
        {
            var first = ParseExpr();
            if (Accept(Kw.FROM))
            {
                remove = first;
                operand = ParseExpr();
            }
            else if (side != null)
            {
                throw Error();
            }
            else
            {
                operand = first;
            }
        }

        Expect(TokenKind.RParen);
        return new TrimExpr(side, remove, operand);
    }

    private GroupConcatExpr ParseGroupConcat()
    {
        var distinct = Accept(Kw.DISTINCT);
        var args = ParseExprList();
        IReadOnlyList<OrderItem> order = [];
        if (Accept(Kw.ORDER))
        {
            Expect(Kw.BY);
            order = ParseOrderItems();
        }

        string? separator = null;
        if (Accept(Kw.SEPARATOR))
        {
            separator = StringLiteral();
        }

        var limit = Is(Kw.LIMIT) ? ParseLimit() : null;
        Expect(TokenKind.RParen);
        return new GroupConcatExpr(distinct, args, order, separator, limit);
    }

    private WindowSpec ParseWindowSpec()
    {
        Expect(TokenKind.LParen);
        string? name = null;
        if (IsIdent() && !Is(Kw.PARTITION) && !Is(Kw.ORDER) && !Is(Kw.ROWS) && !Is(Kw.RANGE))
        {
            name = Ident();
        }

        IReadOnlyList<Expression> partition = [];
        if (Accept(Kw.PARTITION))
        {
            Expect(Kw.BY);
            partition = ParseExprList();
        }

        IReadOnlyList<OrderItem> order = [];
        if (Accept(Kw.ORDER))
        {
            Expect(Kw.BY);
            order = ParseOrderItems();
        }

        string? frame = null;
        if (Is(Kw.ROWS) || Is(Kw.RANGE))
        {
            var unit = Is(Kw.ROWS) ? "rows" : "range";
            _p++;
            if (Accept(Kw.BETWEEN))
            {
                var start = ParseFrameBound();
                Expect(Kw.AND);
                frame = unit + " between " + start + " and " + ParseFrameBound();
            }
            else
            {
                frame = unit + " " + ParseFrameBound();
            }
        }

        Expect(TokenKind.RParen);
        return new WindowSpec(name, partition, order, frame);
    }

    private string ParseFrameBound()
    {
        if (Accept(Kw.CURRENT))
        {
            Expect(Kw.ROW);
            return "current row";
        }

        if (Accept(Kw.UNBOUNDED))
        {
            if (Accept(Kw.PRECEDING))
            {
                return "unbounded preceding";
            }

            Expect(Kw.FOLLOWING);
            return "unbounded following";
        }

        var e = ParseBitExpr(Prec.BitOr);
        var text = SqlFormatter.Format(e);
        if (Accept(Kw.PRECEDING))
        {
            return text + " preceding";
        }

        Expect(Kw.FOLLOWING);
        return text + " following";
    }
}
