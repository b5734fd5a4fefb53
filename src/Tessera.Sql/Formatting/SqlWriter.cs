using System.Text;
using Tessera.Sql.Lexing;

namespace Tessera.Sql.Formatting;

// Accumulates canonical SQL text for the nodes' Format methods.
internal sealed class SqlWriter
{
    private readonly StringBuilder _sb;

    public SqlWriter(StringBuilder sb)
    {
        _sb = sb;
    }

    public int Length => _sb.Length;

    public char CharAt(int index) => index < _sb.Length ? _sb[index] : '\0';

    public void Insert(int index, char c) => _sb.Insert(index, c);

    public SqlWriter Append(string s)
    {
        _sb.Append(s);
        return this;
    }

    public SqlWriter Append(char c)
    {
        _sb.Append(c);
        return this;
    }

    // Writes e, parenthesised when it binds weaker than its context requires.
    public SqlWriter Expr(Expression e, int minPrecedence)
    {
        // Throws InsufficientExecutionStackException on absurdly deep trees instead of crashing.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (e.Precedence < minPrecedence)
        {
            _sb.Append('(');
            e.Format(this);
            _sb.Append(')');
        }
        else
        {
            e.Format(this);
        }

        return this;
    }

    public SqlWriter List<T>(IReadOnlyList<T> items)
        where T : SqlNode
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            if (items[i] is Expression e)
            {
                Expr(e, Prec.Lowest + 1);
            }
            else
            {
                items[i].Format(this);
            }
        }

        return this;
    }

    public SqlWriter Idents(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(", ");
            }

            Ident(names[i]);
        }

        return this;
    }

    // An identifier, backquoted only when it must be (reserved word, unusual characters, leading digit).
    public SqlWriter Ident(string name)
    {
        if (NeedsQuotes(name))
        {
            return QuotedIdent(name);
        }

        _sb.Append(name);
        return this;
    }

    public SqlWriter QuotedIdent(string name)
    {
        _sb.Append('`').Append(name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
        return this;
    }

    internal static bool NeedsQuotes(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return true;
        }

        foreach (var c in name)
        {
            if (!Lexer.IsIdentChar(c))
            {
                return true;
            }
        }

        return Keywords.IsReservedWord(name);
    }

    // A string literal in single quotes with MySQL backslash escapes.
    public SqlWriter Quoted(string value)
    {
        _sb.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\'': _sb.Append("\\'"); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\0': _sb.Append("\\0"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\x1a': _sb.Append("\\Z"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                default: _sb.Append(c); break;
            }
        }

        _sb.Append('\'');
        return this;
    }
}
