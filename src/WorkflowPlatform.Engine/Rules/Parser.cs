using System.Globalization;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// Recursive-descent parser with precedence climbing. Every recursive entry goes through a depth
/// counter checked against <see cref="RuleCompileOptions.MaxDepth"/>, so hostile nesting
/// ("((((…" a hundred thousand times) is rejected with <c>RULE_TOO_DEEP</c> long before the stack is at
/// risk. Left-associative chains are built in loops, not by recursion.
/// </summary>
/// <remarks>
/// Precedence, lowest first: <c>?:</c> (right-assoc), <c>||</c>, <c>&amp;&amp;</c>,
/// <c>== != &lt; &lt;= &gt; &gt;= in</c>, <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, member/index/call.
/// </remarks>
internal sealed class Parser
{
    private readonly SourceText _source;
    private readonly RuleCompileOptions _options;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;
    private int _nodes;

    private Parser(SourceText source, List<Token> tokens, RuleCompileOptions options)
    {
        _source = source;
        _tokens = tokens;
        _options = options;
    }

    public static Ast Parse(SourceText source, RuleCompileOptions options)
    {
        var tokens = new Lexer(source).Tokenize();
        var parser = new Parser(source, tokens, options);
        var ast = parser.Expression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected("an operator or end of rule");
        }
        return ast;
    }

    private Token Current => _tokens[_index];

    private Token Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }
        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }
        _index++;
        return true;
    }

    private Token Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected($"'{Token.Symbol(kind)}'");
        }
        return Advance();
    }

    private RuleException Unexpected(string expected) =>
        Current.Kind == TokenKind.End
            ? _source.Error(RuleErrorCodes.Syntax, $"unexpected end of rule; expected {expected}", Current.Position)
            : _source.Error(RuleErrorCodes.Syntax, $"unexpected {Current.Describe()}; expected {expected}", Current.Position);

    private T Node<T>(T node)
        where T : Ast
    {
        if (++_nodes > _options.MaxNodes)
        {
            throw _source.Error(RuleErrorCodes.TooDeep, $"rule is too complex (more than {_options.MaxNodes} elements)", node.Position);
        }
        return node;
    }

    private void Enter(int position)
    {
        if (++_depth > _options.MaxDepth)
        {
            throw _source.Error(RuleErrorCodes.TooDeep, $"rule is nested too deeply (more than {_options.MaxDepth} levels)", position);
        }
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw _source.Error(RuleErrorCodes.TooDeep, "rule is nested too deeply for the available stack", position);
        }
    }

    private void Leave() => _depth--;

    private Ast Expression()
    {
        Enter(Current.Position);
        try
        {
            var condition = Logic(isAnd: false);
            if (Current.Kind != TokenKind.Question)
            {
                return condition;
            }
            var question = Advance();
            var then = Expression();
            Expect(TokenKind.Colon);
            var otherwise = Expression();
            return Node(new ConditionalAst(question.Position, condition, then, otherwise));
        }
        finally
        {
            Leave();
        }
    }

    private Ast Logic(bool isAnd)
    {
        var op = isAnd ? TokenKind.AndAnd : TokenKind.OrOr;
        var first = isAnd ? Relation() : Logic(isAnd: true);
        if (Current.Kind != op)
        {
            return first;
        }
        var position = Current.Position;
        var operands = new List<Ast> { first };
        while (Accept(op))
        {
            operands.Add(isAnd ? Relation() : Logic(isAnd: true));
        }
        return Node(new LogicAst(position, isAnd, operands));
    }

    private Ast Relation()
    {
        var left = Additive();
        while (Current.Kind is TokenKind.EqualEqual or TokenKind.BangEqual or TokenKind.Less or TokenKind.LessEqual
               or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.In)
        {
            var op = Advance();
            var right = Additive();
            left = Node(new BinaryAst(op.Position, op.Kind, left, right));
        }
        return left;
    }

    private Ast Additive()
    {
        var left = Multiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = Multiplicative();
            left = Node(new BinaryAst(op.Position, op.Kind, left, right));
        }
        return left;
    }

    private Ast Multiplicative()
    {
        var left = Unary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = Unary();
            left = Node(new BinaryAst(op.Position, op.Kind, left, right));
        }
        return left;
    }

    private Ast Unary()
    {
        if (Current.Kind is not (TokenKind.Bang or TokenKind.Minus))
        {
            return Postfix();
        }
        var op = Advance();
        // A negative literal is one literal, so that -9223372036854775808 is representable.
        if (op.Kind == TokenKind.Minus && Current.Kind is TokenKind.Int or TokenKind.Double
            && _tokens[_index + 1].Kind is not (TokenKind.Dot or TokenKind.LBracket))
        {
            var number = Advance();
            return Postfix(Node(NumberLiteral(number, negative: true, op.Position)));
        }
        Enter(op.Position);
        try
        {
            var operand = Unary();
            return Node(new UnaryAst(op.Position, op.Kind, operand));
        }
        finally
        {
            Leave();
        }
    }

    private Ast Postfix(Ast? primary = null)
    {
        var node = primary ?? Primary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    var name = Current;
                    if (name.Kind != TokenKind.Identifier)
                    {
                        throw Unexpected("a field or method name after '.'");
                    }
                    Advance();
                    if (Current.Kind == TokenKind.LParen)
                    {
                        var args = Arguments();
                        node = Node(new CallAst(name.Position, node, name.Text!, args));
                    }
                    else
                    {
                        node = Node(new SelectAst(name.Position, node, name.Text!));
                    }
                    break;
                case TokenKind.LBracket:
                    var bracket = Advance();
                    var index = Expression();
                    Expect(TokenKind.RBracket);
                    node = Node(new IndexAst(bracket.Position, node, index));
                    break;
                default:
                    return node;
            }
        }
    }

    private List<Ast> Arguments()
    {
        var open = Expect(TokenKind.LParen);
        var args = new List<Ast>();
        if (Accept(TokenKind.RParen))
        {
            return args;
        }
        do
        {
            args.Add(Expression());
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RParen);
        return args;
    }

    private Ast Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int:
            case TokenKind.Double:
                Advance();
                return Node(NumberLiteral(token, negative: false, token.Position));
            case TokenKind.String:
                Advance();
                return Node(new LiteralAst(token.Position, token.Text));
            case TokenKind.True:
                Advance();
                return Node(new LiteralAst(token.Position, true));
            case TokenKind.False:
                Advance();
                return Node(new LiteralAst(token.Position, false));
            case TokenKind.Null:
                Advance();
                return Node(new LiteralAst(token.Position, null));
            case TokenKind.Identifier:
                Advance();
                if (Current.Kind == TokenKind.LParen)
                {
                    var args = Arguments();
                    return Node(new CallAst(token.Position, null, token.Text!, args));
                }
                return Node(new IdentAst(token.Position, token.Text!));
            case TokenKind.LParen:
                Advance();
                var inner = Expression();
                Expect(TokenKind.RParen);
                return inner;
            case TokenKind.LBracket:
                return ListLiteral();
            case TokenKind.LBrace:
                return MapLiteral();
            default:
                throw Unexpected("a value, identifier, '(' , '[' or '{'");
        }
    }

    private Ast ListLiteral()
    {
        var open = Advance();
        var items = new List<Ast>();
        while (Current.Kind != TokenKind.RBracket)
        {
            if (items.Count >= _options.MaxLiteralElements)
            {
                throw _source.Error(RuleErrorCodes.ListTooLarge, $"list literal has more than {_options.MaxLiteralElements} elements", open.Position);
            }
            items.Add(Expression());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RBracket);
        return Node(new ListAst(open.Position, items));
    }

    private Ast MapLiteral()
    {
        var open = Advance();
        var entries = new List<(Ast, Ast)>();
        while (Current.Kind != TokenKind.RBrace)
        {
            if (entries.Count >= _options.MaxLiteralElements)
            {
                throw _source.Error(RuleErrorCodes.ListTooLarge, $"map literal has more than {_options.MaxLiteralElements} entries", open.Position);
            }
            var key = Expression();
            Expect(TokenKind.Colon);
            var value = Expression();
            entries.Add((key, value));
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RBrace);
        return Node(new MapAst(open.Position, entries));
    }

    private LiteralAst NumberLiteral(Token token, bool negative, int position)
    {
        var text = token.Text!;
        if (token.Kind == TokenKind.Double)
        {
            var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                throw _source.Error(RuleErrorCodes.Syntax, $"number '{text}' is out of range", token.Position);
            }
            return new LiteralAst(position, negative ? -d : d);
        }
        ulong magnitude;
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        if (ok && !negative && magnitude <= long.MaxValue)
        {
            return new LiteralAst(position, (long)magnitude);
        }
        if (ok && negative && magnitude <= (ulong)long.MaxValue + 1)
        {
            return new LiteralAst(position, magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
        }
        throw _source.Error(RuleErrorCodes.Syntax, $"integer '{(negative ? "-" : "")}{text}' is out of range", token.Position);
    }
}
