using Tessera.Sql.Lexing;

namespace Tessera.Sql.Parsing;

// Expressions by MySQL's grammar levels: expr (OR, XOR, AND, NOT), boolean primary (comparisons,
// IS), predicate (IN, BETWEEN, LIKE, REGEXP), bit expression (arithmetic and bit operators by
// precedence), unary, primary. https://dev.mysql.com/doc/refman/8.0/en/expressions.html
internal sealed partial class Parser
{
    internal Expression ParseExpr()
    {
        var left = ParseXor();
        while (Is(Kw.OR) || Is(TokenKind.OrOr))
        {
            _p++;
            left = new BinaryExpr(left, BinaryOp.Or, ParseXor());
        }

        return left;
    }

    private Expression ParseXor()
    {
        var left = ParseAnd();
        while (Accept(Kw.XOR))
        {
            left = new BinaryExpr(left, BinaryOp.Xor, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Is(Kw.AND) || Is(TokenKind.AndAnd))
        {
            _p++;
            left = new BinaryExpr(left, BinaryOp.And, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        EnsureStack();
        if (Accept(Kw.NOT))
        {
            return new UnaryExpr(UnaryOp.Not, ParseNot());
        }

        return ParseBoolPrimary();
    }

    private Expression ParseBoolPrimary()
    {
        var left = ParsePredicate();
        while (true)
        {
            var op = Cur.Kind switch
            {
                TokenKind.Eq => BinaryOp.Eq,
                TokenKind.NullSafeEq => BinaryOp.NullSafeEq,
                TokenKind.Ne => BinaryOp.Ne,
                TokenKind.Lt => BinaryOp.Lt,
                TokenKind.Le => BinaryOp.Le,
                TokenKind.Gt => BinaryOp.Gt,
                TokenKind.Ge => BinaryOp.Ge,
                _ => (BinaryOp)(-1),
            };
            if ((int)op >= 0)
            {
                _p++;
                if ((Is(Kw.ANY) || Is(Kw.SOME) || Is(Kw.ALL)) && IsNext(TokenKind.LParen))
                {
                    var quantifier = Is(Kw.ALL) ? "all" : Is(Kw.ANY) ? "any" : "some";
                    _p++;
                    left = new BinaryExpr(left, op, new QuantifiedSubquery(quantifier, ParseSubqueryInParens()));
                    continue;
                }

                left = new BinaryExpr(left, op, ParsePredicate());
                continue;
            }

            if (Accept(Kw.IS))
            {
                var not = Accept(Kw.NOT);
                IsKind kind;
                if (Accept(Kw.NULL))
                {
                    kind = IsKind.Null;
                }
                else if (Accept(Kw.TRUE))
                {
                    kind = IsKind.True;
                }
                else if (Accept(Kw.FALSE))
                {
                    kind = IsKind.False;
                }
                else if (Accept(Kw.UNKNOWN))
                {
                    kind = IsKind.Unknown;
                }
                else
                {
                    throw Error();
                }

                left = new IsExpr(left, not, kind);
                continue;
            }

            return left;
        }
    }

    private Expression ParsePredicate()
    {
        var left = ParseBitExpr(Prec.BitOr);
        var not = false;
        if (Is(Kw.NOT) && (IsNext(Kw.IN) || IsNext(Kw.BETWEEN) || IsNext(Kw.LIKE) || IsNext(Kw.REGEXP) || IsNext(Kw.RLIKE)))
        {
            _p++;
            not = true;
        }

        if (Accept(Kw.IN))
        {
            Expect(TokenKind.LParen);
            if (IsQueryStart())
            {
                var q = ParseQuery();
                Expect(TokenKind.RParen);
                return new InExpr(left, not, [new SubqueryExpr(q)]);
            }

            var values = ParseExprList();
            Expect(TokenKind.RParen);
            return new InExpr(left, not, values);
        }

        if (Accept(Kw.BETWEEN))
        {
            var low = ParseBitExpr(Prec.BitOr);
            Expect(Kw.AND);
            var high = ParseBitExpr(Prec.BitOr);
            return new BetweenExpr(left, not, low, high);
        }

        if (Accept(Kw.LIKE))
        {
            var pattern = ParseBitExpr(Prec.BitOr);
            Expression? escape = null;
            if (Accept(Kw.ESCAPE))
            {
                escape = ParseBitExpr(Prec.BitOr);
            }

            return new LikeExpr(left, not, MatchKind.Like, pattern, escape);
        }

        if (!not && IsWord("sounds") && IsNext(Kw.LIKE))
        {
            _p += 2;
            return new LikeExpr(left, false, MatchKind.SoundsLike, ParseBitExpr(Prec.BitOr));
        }

        if (Accept(Kw.REGEXP) || Accept(Kw.RLIKE))
        {
            return new LikeExpr(left, not, MatchKind.Regexp, ParseBitExpr(Prec.BitOr));
        }

        if (not)
        {
            throw Error();
        }

        return left;
    }

    private (BinaryOp Op, int Prec) BitOperator()
    {
        var t = Cur;
        return t.Kind switch
        {
            TokenKind.Pipe => (BinaryOp.BitOr, Prec.BitOr),
            TokenKind.Amp => (BinaryOp.BitAnd, Prec.BitAnd),
            TokenKind.ShiftLeft => (BinaryOp.ShiftLeft, Prec.Shift),
            TokenKind.ShiftRight => (BinaryOp.ShiftRight, Prec.Shift),
            TokenKind.Plus => (BinaryOp.Plus, Prec.Additive),
            TokenKind.Minus => (BinaryOp.Minus, Prec.Additive),
            TokenKind.Star => (BinaryOp.Multiply, Prec.Multiplicative),
            TokenKind.Slash => (BinaryOp.Divide, Prec.Multiplicative),
            TokenKind.Percent => (BinaryOp.Modulo, Prec.Multiplicative),
            TokenKind.Caret => (BinaryOp.BitXor, Prec.BitXor),
            TokenKind.Identifier when t.Keyword == Kw.DIV => (BinaryOp.IntDivide, Prec.Multiplicative),
            TokenKind.Identifier when t.Keyword == Kw.MOD => (BinaryOp.Modulo, Prec.Multiplicative),
            _ => (BinaryOp.Or, -1),
        };
    }

    // Precedence climbing over the binary operators of a bit_expr.
    private Expression ParseBitExpr(int minPrec)
    {
        var left = ParseUnary();
        while (true)
        {
            var (op, prec) = BitOperator();
            if (prec < minPrec)
            {
                return left;
            }

            _p++;
            var right = ParseBitExpr(prec + 1);
            left = new BinaryExpr(left, op, right);
        }
    }

    private Expression ParseUnary()
    {
        EnsureStack();
        switch (Cur.Kind)
        {
            case TokenKind.Minus:
                _p++;
                var operand = ParseUnary();
                if (operand is Literal { IsNumber: true } lit && lit.Value[0] != '-')
                {
                    // A negative number is one literal, so it becomes one bind variable.
                    return lit with { Value = "-" + lit.Value };
                }

                return new UnaryExpr(UnaryOp.Minus, operand);
            case TokenKind.Plus:
                _p++;
                return new UnaryExpr(UnaryOp.Plus, ParseUnary());
            case TokenKind.Tilde:
                _p++;
                return new UnaryExpr(UnaryOp.BitNot, ParseUnary());
            case TokenKind.Bang:
                _p++;
                return new UnaryExpr(UnaryOp.Bang, ParseUnary());
        }

        if (Is(Kw.BINARY) && !IsNext(TokenKind.LParen))
        {
            _p++;
            return new UnaryExpr(UnaryOp.Binary, ParseUnary());
        }

        var e = ParsePrimary();
        while (true)
        {
            if (Accept(Kw.COLLATE))
            {
                e = new CollateExpr(e, Word());
            }
            else if (Is(TokenKind.JsonExtract) || Is(TokenKind.JsonUnquoteExtract))
            {
                var op = Is(TokenKind.JsonExtract) ? BinaryOp.JsonExtract : BinaryOp.JsonUnquoteExtract;
                _p++;
                e = new BinaryExpr(e, op, ParsePrimary());
            }
            else
            {
                return e;
            }
        }
    }

    internal List<Expression> ParseExprList()
    {
        var list = new List<Expression> { ParseExpr() };
        while (Accept(TokenKind.Comma))
        {
            list.Add(ParseExpr());
        }

        return list;
    }

    // Whether a query starts here, looking past a bounded number of opening parentheses.
    private bool IsQueryStart()
    {
        for (var k = 0; k < 64; k++)
        {
            var t = PeekToken(k);
            if (t.Kind != TokenKind.LParen)
            {
                return t.Keyword is Kw.SELECT or Kw.WITH;
            }
        }

        return false;
    }

    private SubqueryExpr ParseSubqueryInParens()
    {
        Expect(TokenKind.LParen);
        var q = ParseQuery();
        Expect(TokenKind.RParen);
        return new SubqueryExpr(q);
    }

    private Expression ParsePrimary()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.String:
                return ParseStringLiteral(null);
            case TokenKind.Integer:
                _p++;
                return new Literal(LiteralKind.Integer, Text(t));
            case TokenKind.Decimal:
                _p++;
                return new Literal(LiteralKind.Decimal, Text(t));
            case TokenKind.Float:
                _p++;
                return new Literal(LiteralKind.Float, Text(t));
            case TokenKind.HexNumber:
                _p++;
                return new Literal(LiteralKind.HexNumber, Text(t));
            case TokenKind.HexString:
                _p++;
                return new Literal(LiteralKind.HexString, "x" + Text(t)[1..]);
            case TokenKind.BitNumber:
                _p++;
                return new Literal(LiteralKind.BitNumber, Text(t));
            case TokenKind.BitString:
                _p++;
                return new Literal(LiteralKind.BitString, "b" + Text(t)[1..]);
            case TokenKind.Param:
                _p++;
                return new Parameter(_paramIndex++);
            case TokenKind.NamedParam:
                _p++;
                return new BindVariable(_sql.Substring(t.Start + 1, t.Length - 1));
            case TokenKind.UserVar:
                _p++;
                return ParseUserVariable(t);
            case TokenKind.SystemVar:
                _p++;
                return ParseSystemVariable(t);
            case TokenKind.LParen:
                return ParseParenExpression();
            case TokenKind.Identifier:
            case TokenKind.QuotedIdentifier:
                return ParseWordExpression(t);
            case TokenKind.LBrace:
                return ParseOdbcEscape();
        }

        throw Error();
    }

    private Expression ParseParenExpression()
    {
        // `(select ...)` is a subquery; `((select ...))` reaches here again for the inner parentheses.
        if (IsNext(Kw.SELECT) || IsNext(Kw.WITH))
        {
            return ParseSubqueryInParens();
        }

        Expect(TokenKind.LParen);
        var list = ParseExprList();
        Expect(TokenKind.RParen);
        return list.Count == 1 ? list[0] : new TupleExpr(list);
    }

    private Literal ParseStringLiteral(string? charset)
    {
        var value = Lexer.DecodeString(_sql, Cur);
        _p++;
        // Adjacent strings are one literal: 'a' 'b' is 'ab'.
        while (Is(TokenKind.String))
        {
            value += Lexer.DecodeString(_sql, Cur);
            _p++;
        }

        return new Literal(LiteralKind.String, value, charset);
    }

    private UserVariable ParseUserVariable(Token t)
    {
        var body = _sql.AsSpan(t.Start + 1, t.Length - 1);
        if (body.Length > 0 && body[0] is '\'' or '"')
        {
            return new UserVariable(Lexer.DecodeString(_sql, t with { Start = t.Start + 1 }));
        }

        if (body.Length > 0 && body[0] == '`')
        {
            return new UserVariable(Lexer.DecodeQuotedIdentifier(_sql, t with { Start = t.Start + 1 }));
        }

        return new UserVariable(body.ToString());
    }

    private static readonly (string Prefix, VariableScope Scope)[] ScopePrefixes =
    [
        ("session.", VariableScope.Session), ("global.", VariableScope.Global), ("local.", VariableScope.Local),
        ("persist.", VariableScope.Persist), ("persist_only.", VariableScope.PersistOnly),
    ];

    private SystemVariable ParseSystemVariable(Token t)
    {
        var body = _sql.Substring(t.Start + 2, t.Length - 2);
        if (body.StartsWith('`'))
        {
            return new SystemVariable(VariableScope.None, body.Trim('`'));
        }

        foreach (var (prefix, scope) in ScopePrefixes)
        {
            if (body.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return new SystemVariable(scope, body[prefix.Length..]);
            }
        }

        return new SystemVariable(VariableScope.None, body);
    }

    // `{d '2020-01-01'}`, `{ts '...'}`, `{fn now()}` ODBC escapes, as JDBC drivers send them.
    private Expression ParseOdbcEscape()
    {
        Expect(TokenKind.LBrace);
        var kind = Word();
        Expression e;
        switch (kind)
        {
            case "d":
                e = new FunctionCall("date", [ParsePrimary()]);
                break;
            case "t":
                e = new FunctionCall("time", [ParsePrimary()]);
                break;
            case "ts":
                e = new FunctionCall("timestamp", [ParsePrimary()]);
                break;
            case "fn":
                e = ParseExpr();
                break;
            default:
                throw Error();
        }

        Expect(TokenKind.RBrace);
        return e;
    }
}
