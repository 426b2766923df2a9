using System.Globalization;
using System.Text;

namespace WorkflowPlatform.Engine.Rules;

internal enum TokenKind
{
    End,
    Identifier,
    Int,
    Double,
    String,
    True,
    False,
    Null,
    In,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Dot,
    Comma,
    Colon,
    Question,
    Bang,
    Minus,
    Plus,
    Star,
    Slash,
    Percent,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
}

/// <summary>A token: kind, start offset, length, and for literals the decoded text.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, int Length, string? Text)
{
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of rule",
        TokenKind.Identifier => $"identifier '{Text}'",
        TokenKind.Int or TokenKind.Double => $"number '{Text}'",
        TokenKind.String => "string literal",
        _ => $"'{Symbol(Kind)}'",
    };

    public static string Symbol(TokenKind kind) => kind switch
    {
        TokenKind.True => "true",
        TokenKind.False => "false",
        TokenKind.Null => "null",
        TokenKind.In => "in",
        TokenKind.LParen => "(",
        TokenKind.RParen => ")",
        TokenKind.LBracket => "[",
        TokenKind.RBracket => "]",
        TokenKind.LBrace => "{",
        TokenKind.RBrace => "}",
        TokenKind.Dot => ".",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Question => "?",
        TokenKind.Bang => "!",
        TokenKind.Minus => "-",
        TokenKind.Plus => "+",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.EqualEqual => "==",
        TokenKind.BangEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.AndAnd => "&&",
        TokenKind.OrOr => "||",
        _ => kind.ToString(),
    };
}

/// <summary>Maps offsets to 1-based line and column.</summary>
internal sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public (int Line, int Column) Locate(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    public RuleException Error(string code, string message, int offset)
    {
        var (line, column) = Locate(offset);
        return new RuleException(code, message, line, column);
    }
}

/// <summary>Turns rule text into tokens. Iterative; never recurses.</summary>
internal sealed class Lexer
{
    private readonly SourceText _source;
    private readonly string _text;
    private int _pos;

    public Lexer(SourceText source)
    {
        _source = source;
        _text = source.Text;
    }

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, _text.Length, 0, null);
        }
        var start = _pos;
        var c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }
            var word = _text[start.._pos];
            var kind = word switch
            {
                "true" => TokenKind.True,
                "false" => TokenKind.False,
                "null" => TokenKind.Null,
                "in" => TokenKind.In,
                _ => TokenKind.Identifier,
            };
            return new Token(kind, start, _pos - start, word);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            return Number(start);
        }
        if (c is '"' or '\'')
        {
            return StringLiteral(start, c);
        }
        _pos++;
        var next = _pos < _text.Length ? _text[_pos] : '\0';
        TokenKind op;
        switch (c)
        {
            case '(': op = TokenKind.LParen; break;
            case ')': op = TokenKind.RParen; break;
            case '[': op = TokenKind.LBracket; break;
            case ']': op = TokenKind.RBracket; break;
            case '{': op = TokenKind.LBrace; break;
            case '}': op = TokenKind.RBrace; break;
            case '.': op = TokenKind.Dot; break;
            case ',': op = TokenKind.Comma; break;
            case ':': op = TokenKind.Colon; break;
            case '?': op = TokenKind.Question; break;
            case '+': op = TokenKind.Plus; break;
            case '-': op = TokenKind.Minus; break;
            case '*': op = TokenKind.Star; break;
            case '/': op = TokenKind.Slash; break;
            case '%': op = TokenKind.Percent; break;
            case '!' when next == '=': _pos++; op = TokenKind.BangEqual; break;
            case '!': op = TokenKind.Bang; break;
            case '=' when next == '=': _pos++; op = TokenKind.EqualEqual; break;
            case '<' when next == '=': _pos++; op = TokenKind.LessEqual; break;
            case '<': op = TokenKind.Less; break;
            case '>' when next == '=': _pos++; op = TokenKind.GreaterEqual; break;
            case '>': op = TokenKind.Greater; break;
            case '&' when next == '&': _pos++; op = TokenKind.AndAnd; break;
            case '|' when next == '|': _pos++; op = TokenKind.OrOr; break;
            case '=':
                throw _source.Error(RuleErrorCodes.Syntax, "unexpected '='; use '==' to compare", start);
            case '&':
                throw _source.Error(RuleErrorCodes.Syntax, "unexpected '&'; use '&&'", start);
            case '|':
                throw _source.Error(RuleErrorCodes.Syntax, "unexpected '|'; use '||'", start);
            default:
                throw _source.Error(RuleErrorCodes.Syntax, $"unexpected character {Printable(c)}", start);
        }
        return new Token(op, start, _pos - start, null);
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n' or '\f')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token Number(int start)
    {
        if (_text[_pos] == '0' && _pos + 1 < _text.Length && (_text[_pos + 1] is 'x' or 'X'))
        {
            _pos += 2;
            var digitsStart = _pos;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
            {
                _pos++;
            }
            if (_pos == digitsStart)
            {
                throw _source.Error(RuleErrorCodes.Syntax, "hexadecimal literal without digits", start);
            }
            RejectTrailingLetter(start);
            // Keep the hex marker so the parser can negate and range-check it.
            return new Token(TokenKind.Int, start, _pos - start, _text[start.._pos]);
        }
        var isDouble = false;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }
        if (_pos < _text.Length && _text[_pos] == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            isDouble = true;
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }
        if (_pos < _text.Length && (_text[_pos] is 'e' or 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _text.Length && (_text[_pos] is '+' or '-'))
            {
                _pos++;
            }
            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                isDouble = true;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }
        RejectTrailingLetter(start);
        return new Token(isDouble ? TokenKind.Double : TokenKind.Int, start, _pos - start, _text[start.._pos]);
    }

    private void RejectTrailingLetter(int start)
    {
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            throw _source.Error(RuleErrorCodes.Syntax, $"malformed number '{_text[start..(_pos + 1)]}'", start);
        }
    }

    private Token StringLiteral(int start, char quote)
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw _source.Error(RuleErrorCodes.Syntax, "unterminated string literal", start);
            }
            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return new Token(TokenKind.String, start, _pos - start, sb.ToString());
            }
            if (c is '\n' or '\r')
            {
                throw _source.Error(RuleErrorCodes.Syntax, "unterminated string literal (line break inside a string)", start);
            }
            if (c != '\\')
            {
                sb.Append(c);
                _pos++;
                continue;
            }
            var escapeStart = _pos;
            _pos++;
            if (_pos >= _text.Length)
            {
                throw _source.Error(RuleErrorCodes.Syntax, "unterminated string literal", start);
            }
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '0': sb.Append('\0'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case '`': sb.Append('`'); break;
                case '?': sb.Append('?'); break;
                case 'x': AppendCodePoint(sb, HexDigits(2, escapeStart), escapeStart); break;
                case 'u': AppendCodePoint(sb, HexDigits(4, escapeStart), escapeStart); break;
                case 'U': AppendCodePoint(sb, HexDigits(8, escapeStart), escapeStart); break;
                default:
                    throw _source.Error(RuleErrorCodes.Syntax, $"invalid escape sequence '\\{e}'", escapeStart);
            }
        }
    }

    private int HexDigits(int count, int escapeStart)
    {
        if (_pos + count > _text.Length)
        {
            throw _source.Error(RuleErrorCodes.Syntax, "incomplete escape sequence", escapeStart);
        }
        var span = _text.AsSpan(_pos, count);
        if (!int.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || span.ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            throw _source.Error(RuleErrorCodes.Syntax, "invalid hexadecimal digits in escape sequence", escapeStart);
        }
        _pos += count;
        return value;
    }

    private void AppendCodePoint(StringBuilder sb, int value, int escapeStart)
    {
        if (value is < 0 or > 0x10FFFF || (value is >= 0xD800 and <= 0xDFFF))
        {
            throw _source.Error(RuleErrorCodes.Syntax, "escape sequence is not a valid Unicode code point", escapeStart);
        }
        sb.Append(char.ConvertFromUtf32(value));
    }

    private static string Printable(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
