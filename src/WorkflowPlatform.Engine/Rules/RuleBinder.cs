using System.Runtime.CompilerServices;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// Type-checks the syntax tree against the schema and builds the evaluation tree in one pass. Errors
/// are collected as diagnostics (with positions); an erroneous sub-expression is given type dyn so that
/// one mistake does not cascade. Sub-expressions made only of literals are evaluated once here.
/// </summary>
internal sealed class RuleBinder
{
    private static readonly RuleScope ConstantScope = RuleScope.Empty;

    private readonly SourceText _source;
    private readonly RuleSchema _schema;
    private readonly RuleCompileOptions _options;
    private readonly List<RuleDiagnostic> _diagnostics = [];

    public RuleBinder(SourceText source, RuleSchema schema, RuleCompileOptions options)
    {
        _source = source;
        _schema = schema;
        _options = options;
    }

    public IReadOnlyList<RuleDiagnostic> Diagnostics => _diagnostics;

    private readonly record struct Bound(EvalNode Node, RuleType Type)
    {
        public bool IsConst => Node is ConstNode;
    }

    public (EvalNode Node, RuleType Type) Bind(Ast ast)
    {
        var bound = BindNode(ast);
        return (bound.Node, bound.Type);
    }

    private Bound BindNode(Ast ast)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return Error(ast.Position, RuleErrorCodes.TooDeep, "rule is nested too deeply");
        }
        return ast switch
        {
            LiteralAst literal => Make(new ConstNode(literal.Value), LiteralType(literal.Value), ast),
            IdentAst ident => BindIdent(ident),
            SelectAst select => BindSelect(select),
            IndexAst index => BindIndex(index),
            CallAst call => BindCall(call),
            UnaryAst unary => BindUnary(unary),
            BinaryAst binary => BindBinary(binary),
            LogicAst logic => BindLogic(logic),
            ConditionalAst conditional => BindConditional(conditional),
            ListAst list => BindList(list),
            MapAst map => BindMap(map),
            _ => Error(ast.Position, RuleErrorCodes.Syntax, "unsupported expression"),
        };
    }

    private static RuleType LiteralType(object? value) => value switch
    {
        null => RuleType.Null,
        bool => RuleType.Bool,
        long => RuleType.Int,
        double => RuleType.Double,
        string => RuleType.String,
        _ => RuleType.Dyn,
    };

    private Bound Make(EvalNode node, RuleType type, Ast at)
    {
        var (line, column) = _source.Locate(at.Position);
        node.Line = line;
        node.Column = column;
        node.Options = _options;
        return new Bound(node, type);
    }

    /// <summary>Evaluates a node whose inputs are all literals; a failure becomes a compile error at that position.</summary>
    private Bound Fold(Bound bound, Ast at, params Bound[] inputs)
    {
        foreach (var input in inputs)
        {
            if (!input.IsConst)
            {
                return bound;
            }
        }
        try
        {
            var value = bound.Node.Eval(ConstantScope) switch
            {
                // A folded list or map is shared by every evaluation: hand out read-only views.
                object?[] array => Array.AsReadOnly(array),
                Dictionary<string, object?> map => map.AsReadOnly(),
                var other => other,
            };
            return Make(new ConstNode(value), bound.Type, at);
        }
        catch (RuleEvaluationException e)
        {
            return Error(at.Position, e.Code, e.Detail);
        }
    }

    private Bound Error(int position, string code, string message)
    {
        var (line, column) = _source.Locate(position);
        _diagnostics.Add(new RuleDiagnostic(line, column, message, code));
        return new Bound(new ConstNode(null) { Line = line, Column = column, Options = _options }, RuleType.Dyn);
    }

    private static string Describe(RuleType type) => type.Kind switch
    {
        RuleTypeKind.Object => "object",
        _ => type.ToString(),
    };

    /// <summary>Offset where a sub-expression begins (an Ast's own position may be its operator).</summary>
    private static int StartOf(Ast ast)
    {
        while (true)
        {
            switch (ast)
            {
                case SelectAst select: ast = select.Operand; break;
                case IndexAst index: ast = index.Operand; break;
                case CallAst { Target: { } target }: ast = target; break;
                case BinaryAst binary: ast = binary.Left; break;
                case LogicAst logic: ast = logic.Operands[0]; break;
                case ConditionalAst conditional: ast = conditional.Condition; break;
                default: return ast.Position;
            }
        }
    }

    private static string? PathOf(Ast ast) => ast switch
    {
        IdentAst ident => ident.Name,
        SelectAst select => PathOf(select.Operand) is { } parent ? parent + "." + select.Field : null,
        _ => null,
    };

    private Bound BindIdent(IdentAst ident)
    {
        if (_schema.TryGetRoot(ident.Name, out var type))
        {
            return Make(new RootNode(ident.Name), type, ident);
        }
        var known = _schema.Roots.Count == 0 ? "none" : string.Join(", ", _schema.Roots.Keys.Order(StringComparer.Ordinal));
        var hint = RuleFunctions.Names.Contains(ident.Name) ? $"; '{ident.Name}' is a function, call it as {ident.Name}(…)" : "";
        return Error(ident.Position, RuleErrorCodes.UnknownField, $"unknown identifier '{ident.Name}' (available: {known}){hint}");
    }

    private Bound BindSelect(SelectAst select)
    {
        var operand = BindNode(select.Operand);
        var path = PathOf(select.Operand) ?? "value";
        return SelectField(operand, select.Field, path, select, select.Position);
    }

    private Bound SelectField(Bound operand, string field, string path, Ast at, int position)
    {
        switch (operand.Type.Kind)
        {
            case RuleTypeKind.Object:
                if (!operand.Type.TryGetField(field, out var fieldType))
                {
                    var known = operand.Type.Fields.Count == 0 ? "none" : string.Join(", ", operand.Type.Fields.Keys.Order(StringComparer.Ordinal));
                    return Error(position, RuleErrorCodes.UnknownField, $"unknown field '{field}' on {path} (known fields: {known})");
                }
                return Make(new SelectNode(operand.Node, field, SelectKind.ObjectField, path), fieldType, at);
            case RuleTypeKind.Map:
                return Make(new SelectNode(operand.Node, field, SelectKind.Key, path), operand.Type.ElementType!, at);
            case RuleTypeKind.Dyn:
                return Make(new SelectNode(operand.Node, field, SelectKind.Key, path), RuleType.Dyn, at);
            default:
                return Error(position, RuleErrorCodes.Type, $"cannot read field '{field}' of {Describe(operand.Type)} {path}");
        }
    }

    private Bound BindIndex(IndexAst index)
    {
        var operand = BindNode(index.Operand);
        var key = BindNode(index.Index);
        var path = PathOf(index.Operand) ?? "value";
        switch (operand.Type.Kind)
        {
            case RuleTypeKind.List when key.Type.Kind is RuleTypeKind.Int or RuleTypeKind.Dyn:
                return Fold(Make(new IndexNode(operand.Node, key.Node, objectField: false), operand.Type.ElementType!, index), index, operand, key);
            case RuleTypeKind.Map when key.Type.Kind is RuleTypeKind.String or RuleTypeKind.Dyn:
                return Fold(Make(new IndexNode(operand.Node, key.Node, objectField: false), operand.Type.ElementType!, index), index, operand, key);
            case RuleTypeKind.Object when key.Node is ConstNode { Value: string name }:
                return SelectField(operand, name, path, index, index.Index.Position);
            case RuleTypeKind.Object when key.Type.Kind is RuleTypeKind.String or RuleTypeKind.Dyn:
                return Make(new IndexNode(operand.Node, key.Node, objectField: true), RuleType.Dyn, index);
            case RuleTypeKind.Dyn when key.Type.Kind is RuleTypeKind.String or RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.Dyn:
                return Make(new IndexNode(operand.Node, key.Node, objectField: false), RuleType.Dyn, index);
            default:
                return Error(index.Position, RuleErrorCodes.Type, $"cannot index {Describe(operand.Type)} with {Describe(key.Type)}");
        }
    }

    private Bound BindUnary(UnaryAst unary)
    {
        var operand = BindNode(unary.Operand);
        if (unary.Op == TokenKind.Bang)
        {
            return operand.Type.Kind is RuleTypeKind.Bool or RuleTypeKind.Dyn
                ? Fold(Make(new NotNode(operand.Node), RuleType.Bool, unary), unary, operand)
                : Error(unary.Position, RuleErrorCodes.Type, $"operator '!' needs a bool, got {Describe(operand.Type)}");
        }
        return operand.Type.Kind is RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.Duration or RuleTypeKind.Dyn
            ? Fold(Make(new NegateNode(operand.Node), operand.Type, unary), unary, operand)
            : Error(unary.Position, RuleErrorCodes.Type, $"operator '-' needs a number or duration, got {Describe(operand.Type)}");
    }

    private Bound BindLogic(LogicAst logic)
    {
        var operands = new EvalNode[logic.Operands.Count];
        var bounds = new Bound[logic.Operands.Count];
        var op = logic.IsAnd ? "&&" : "||";
        for (var i = 0; i < operands.Length; i++)
        {
            var b = BindNode(logic.Operands[i]);
            if (b.Type.Kind is not (RuleTypeKind.Bool or RuleTypeKind.Dyn))
            {
                b = Error(StartOf(logic.Operands[i]), RuleErrorCodes.Type, $"operator '{op}' needs bool operands, got {Describe(b.Type)}");
            }
            bounds[i] = b;
            operands[i] = b.Node;
        }
        EvalNode node = logic.IsAnd ? new AndNode(operands) : new OrNode(operands);
        return Fold(Make(node, RuleType.Bool, logic), logic, bounds);
    }

    private Bound BindConditional(ConditionalAst conditional)
    {
        var condition = BindNode(conditional.Condition);
        var then = BindNode(conditional.Then);
        var otherwise = BindNode(conditional.Else);
        if (condition.Type.Kind is not (RuleTypeKind.Bool or RuleTypeKind.Dyn))
        {
            return Error(StartOf(conditional.Condition), RuleErrorCodes.Type, $"the condition before '?' must be bool, got {Describe(condition.Type)}");
        }
        RuleType type;
        if (then.Type.Equals(otherwise.Type))
        {
            type = then.Type;
        }
        else if (then.Type.Kind == RuleTypeKind.Null)
        {
            type = otherwise.Type;
        }
        else if (otherwise.Type.Kind == RuleTypeKind.Null)
        {
            type = then.Type;
        }
        else
        {
            type = RuleType.Dyn;
        }
        // A null branch means the typed fast paths cannot be trusted.
        var node = new ConditionalNode(condition.Node, then.Node, otherwise.Node);
        var nullable = then.Type.Kind == RuleTypeKind.Null || otherwise.Type.Kind == RuleTypeKind.Null;
        return Fold(Make(node, nullable && (type.Kind is RuleTypeKind.Int or RuleTypeKind.Bool) ? RuleType.Dyn : type, conditional), conditional, condition, then, otherwise);
    }

    private Bound BindList(ListAst list)
    {
        var items = new EvalNode[list.Items.Count];
        var bounds = new Bound[list.Items.Count];
        RuleType? element = null;
        for (var i = 0; i < items.Length; i++)
        {
            bounds[i] = BindNode(list.Items[i]);
            items[i] = bounds[i].Node;
            element = element is null ? bounds[i].Type : element.Equals(bounds[i].Type) ? element : RuleType.Dyn;
        }
        return Fold(Make(new ListNode(items), RuleType.List(element is null || element.Kind == RuleTypeKind.Null ? RuleType.Dyn : element), list), list, bounds);
    }

    private Bound BindMap(MapAst map)
    {
        var keys = new EvalNode[map.Entries.Count];
        var values = new EvalNode[map.Entries.Count];
        var bounds = new List<Bound>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        RuleType? valueType = null;
        for (var i = 0; i < keys.Length; i++)
        {
            var (keyAst, valueAst) = map.Entries[i];
            var key = BindNode(keyAst);
            if (key.Type.Kind is not (RuleTypeKind.String or RuleTypeKind.Dyn))
            {
                key = Error(keyAst.Position, RuleErrorCodes.Type, $"map keys must be strings, got {Describe(key.Type)}");
            }
            else if (key.Node is ConstNode { Value: string constant } && !seen.Add(constant))
            {
                key = Error(keyAst.Position, RuleErrorCodes.Syntax, $"duplicate map key {RuleValues.Describe(constant)}");
            }
            var value = BindNode(valueAst);
            keys[i] = key.Node;
            values[i] = value.Node;
            bounds.Add(key);
            bounds.Add(value);
            valueType = valueType is null ? value.Type : valueType.Equals(value.Type) ? valueType : RuleType.Dyn;
        }
        var type = RuleType.Map(valueType is null || valueType.Kind == RuleTypeKind.Null ? RuleType.Dyn : valueType);
        return Fold(Make(new MapNode(keys, values), type, map), map, bounds.ToArray());
    }

    private static bool IsNumeric(RuleType t) => t.Kind is RuleTypeKind.Int or RuleTypeKind.Double;

    private static bool CanCompareEquality(RuleType a, RuleType b)
    {
        if (a.Kind is RuleTypeKind.Dyn or RuleTypeKind.Null || b.Kind is RuleTypeKind.Dyn or RuleTypeKind.Null)
        {
            return true;
        }
        if (IsNumeric(a) && IsNumeric(b))
        {
            return true;
        }
        if (a.Kind is RuleTypeKind.Map or RuleTypeKind.Object && b.Kind is RuleTypeKind.Map or RuleTypeKind.Object)
        {
            return true;
        }
        if (a.Kind == RuleTypeKind.List && b.Kind == RuleTypeKind.List)
        {
            return CanCompareEquality(a.ElementType!, b.ElementType!);
        }
        return a.Kind == b.Kind;
    }

    private static bool IsOrderable(RuleType t) =>
        t.Kind is RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.String or RuleTypeKind.Timestamp
            or RuleTypeKind.Duration or RuleTypeKind.Bool or RuleTypeKind.Dyn;

    private Bound BindBinary(BinaryAst binary)
    {
        var left = BindNode(binary.Left);
        var right = BindNode(binary.Right);
        var lt = left.Type;
        var rt = right.Type;
        var symbol = Token.Symbol(binary.Op);
        Bound Mismatch() => Error(binary.Position, RuleErrorCodes.Type,
            $"operator '{symbol}' cannot be applied to {Describe(lt)} and {Describe(rt)}");

        switch (binary.Op)
        {
            case TokenKind.EqualEqual:
            case TokenKind.BangEqual:
            {
                if (!CanCompareEquality(lt, rt))
                {
                    return Mismatch();
                }
                var negate = binary.Op == TokenKind.BangEqual;
                EvalNode node = right.Node is ConstNode { Value: string rs } ? new EqualStringNode(left.Node, rs, negate)
                    : left.Node is ConstNode { Value: string ls } ? new EqualStringNode(right.Node, ls, negate)
                    : new EqualNode(left.Node, right.Node, negate);
                return Fold(Make(node, RuleType.Bool, binary), binary, left, right);
            }
            case TokenKind.Less:
            case TokenKind.LessEqual:
            case TokenKind.Greater:
            case TokenKind.GreaterEqual:
            {
                var ok = IsOrderable(lt) && IsOrderable(rt)
                    && (lt.Kind == RuleTypeKind.Dyn || rt.Kind == RuleTypeKind.Dyn || lt.Kind == rt.Kind || (IsNumeric(lt) && IsNumeric(rt)));
                if (!ok)
                {
                    return Mismatch();
                }
                EvalNode node = lt.Kind == RuleTypeKind.Int && rt.Kind == RuleTypeKind.Int
                    ? new CompareIntNode(binary.Op, left.Node, right.Node)
                    : new CompareNode(binary.Op, left.Node, right.Node);
                return Fold(Make(node, RuleType.Bool, binary), binary, left, right);
            }
            case TokenKind.In:
                return BindIn(binary, left, right, Mismatch);
            default:
                return BindArithmetic(binary, left, right, Mismatch);
        }
    }

    private Bound BindIn(BinaryAst binary, Bound left, Bound right, Func<Bound> mismatch)
    {
        var lt = left.Type;
        var rt = right.Type;
        switch (rt.Kind)
        {
            case RuleTypeKind.List when CanCompareEquality(lt, rt.ElementType!):
                if (right.Node is ConstNode { Value: IReadOnlyList<object?> items } && items.Count > 0 && items.All(i => i is string)
                    && lt.Kind is RuleTypeKind.String or RuleTypeKind.Dyn or RuleTypeKind.Null)
                {
                    var set = new HashSet<string>(items.Cast<string>(), StringComparer.Ordinal);
                    return Fold(Make(new InStringSetNode(left.Node, set), RuleType.Bool, binary), binary, left, right);
                }
                return Fold(Make(new InNode(left.Node, right.Node), RuleType.Bool, binary), binary, left, right);
            case RuleTypeKind.Map or RuleTypeKind.Object when lt.Kind is RuleTypeKind.String or RuleTypeKind.Dyn:
            case RuleTypeKind.Dyn:
                return Fold(Make(new InNode(left.Node, right.Node), RuleType.Bool, binary), binary, left, right);
            default:
                return mismatch();
        }
    }

    private Bound BindArithmetic(BinaryAst binary, Bound left, Bound right, Func<Bound> mismatch)
    {
        var lt = left.Type.Kind;
        var rt = right.Type.Kind;
        RuleType? result = null;
        if (lt == RuleTypeKind.Int && rt == RuleTypeKind.Int)
        {
            return Fold(Make(new IntArithmeticNode(binary.Op, left.Node, right.Node), RuleType.Int, binary), binary, left, right);
        }
        if (IsNumeric(left.Type) && IsNumeric(right.Type))
        {
            result = RuleType.Double;
        }
        else if (lt == RuleTypeKind.Dyn || rt == RuleTypeKind.Dyn)
        {
            var other = lt == RuleTypeKind.Dyn ? rt : lt;
            var allowed = binary.Op switch
            {
                TokenKind.Plus => other is RuleTypeKind.Dyn or RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.String
                    or RuleTypeKind.List or RuleTypeKind.Timestamp or RuleTypeKind.Duration,
                TokenKind.Minus => other is RuleTypeKind.Dyn or RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.Timestamp or RuleTypeKind.Duration,
                _ => other is RuleTypeKind.Dyn or RuleTypeKind.Int or RuleTypeKind.Double,
            };
            result = allowed ? RuleType.Dyn : null;
        }
        else if (binary.Op == TokenKind.Plus)
        {
            result = (lt, rt) switch
            {
                (RuleTypeKind.String, RuleTypeKind.String) => RuleType.String,
                (RuleTypeKind.List, RuleTypeKind.List) => left.Type.Equals(right.Type) ? left.Type : RuleType.List(RuleType.Dyn),
                (RuleTypeKind.Timestamp, RuleTypeKind.Duration) or (RuleTypeKind.Duration, RuleTypeKind.Timestamp) => RuleType.Timestamp,
                (RuleTypeKind.Duration, RuleTypeKind.Duration) => RuleType.Duration,
                _ => null,
            };
        }
        else if (binary.Op == TokenKind.Minus)
        {
            result = (lt, rt) switch
            {
                (RuleTypeKind.Timestamp, RuleTypeKind.Timestamp) => RuleType.Duration,
                (RuleTypeKind.Timestamp, RuleTypeKind.Duration) => RuleType.Timestamp,
                (RuleTypeKind.Duration, RuleTypeKind.Duration) => RuleType.Duration,
                _ => null,
            };
        }
        if (result is null)
        {
            return mismatch();
        }
        return Fold(Make(new ArithmeticNode(binary.Op, left.Node, right.Node), result, binary), binary, left, right);
    }

    private Bound BindCall(CallAst call)
    {
        if (call.Name == "has" && call.Target is null)
        {
            return BindHas(call);
        }
        var args = new List<Bound>(call.Args.Count + 1);
        if (call.Target is not null)
        {
            args.Add(BindNode(call.Target));
        }
        foreach (var arg in call.Args)
        {
            args.Add(BindNode(arg));
        }
        var style = call.Target is null ? $"{call.Name}()" : $".{call.Name}()";
        switch (call.Name)
        {
            case "size":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.String or RuleTypeKind.List or RuleTypeKind.Map or RuleTypeKind.Dyn, "a string, list or map",
                        () => new SizeNode(args[0].Node), RuleType.Int);
            case "startsWith":
            case "endsWith":
            case "contains":
                return Expect(call, args, 2, style)
                    ?? StringFunction2(call, args, call.Name switch
                    {
                        "startsWith" => RuleFunctions.StartsWith,
                        "endsWith" => RuleFunctions.EndsWith,
                        _ => RuleFunctions.Contains,
                    });
            case "matches":
                return Expect(call, args, 2, style) ?? BindMatches(call, args);
            case "lower":
            case "upper":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.String or RuleTypeKind.Dyn, "a string",
                        () => new UnaryFunctionNode(args[0].Node, call.Name == "lower" ? RuleFunctions.Lower : RuleFunctions.Upper), RuleType.String);
            case "int":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.String or RuleTypeKind.Timestamp or RuleTypeKind.Bool or RuleTypeKind.Dyn,
                        "an int, double, string, bool or timestamp", () => new UnaryFunctionNode(args[0].Node, RuleFunctions.ToInt), RuleType.Int);
            case "double":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.Int or RuleTypeKind.Double or RuleTypeKind.String or RuleTypeKind.Dyn,
                        "an int, double or string", () => new UnaryFunctionNode(args[0].Node, RuleFunctions.ToDouble), RuleType.Double);
            case "string":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is not (RuleTypeKind.List or RuleTypeKind.Map or RuleTypeKind.Object),
                        "a scalar value", () => new UnaryFunctionNode(args[0].Node, RuleFunctions.ToStringValue), RuleType.String);
            case "timestamp":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.String or RuleTypeKind.Int or RuleTypeKind.Timestamp or RuleTypeKind.Dyn,
                        "an ISO 8601 string or Unix seconds", () => new UnaryFunctionNode(args[0].Node, RuleFunctions.ToTimestamp), RuleType.Timestamp);
            case "duration":
                return Expect(call, args, 1, style)
                    ?? Function(call, args, 0, a => a.Type.Kind is RuleTypeKind.String or RuleTypeKind.Duration or RuleTypeKind.Dyn,
                        "a string like \"1h30m\"", () => new UnaryFunctionNode(args[0].Node, RuleFunctions.ToDuration), RuleType.Duration);
            case "now":
                if (call.Target is not null || args.Count != 0)
                {
                    return Error(call.Position, RuleErrorCodes.Type, "now() takes no arguments");
                }
                return Make(new NowNode(), RuleType.Timestamp, call);
            default:
                return Error(call.Position, RuleErrorCodes.UnknownFunction,
                    $"unknown function '{call.Name}' (available: {string.Join(", ", RuleFunctions.Names)})");
        }
    }

    private Bound? Expect(CallAst call, List<Bound> args, int count, string style)
    {
        if (args.Count == count)
        {
            return null;
        }
        var declared = call.Target is null ? count : count - 1;
        var given = call.Target is null ? args.Count : args.Count - 1;
        return Error(call.Position, RuleErrorCodes.Type,
            $"{style} takes {declared} argument{(declared == 1 ? "" : "s")}{(call.Target is null ? "" : " after the receiver")}, got {given}");
    }

    private Bound Function(CallAst call, List<Bound> args, int index, Func<Bound, bool> accepts, string expected, Func<EvalNode> create, RuleType result)
    {
        if (!accepts(args[index]))
        {
            return Error(call.Position, RuleErrorCodes.Type, $"{call.Name}() needs {expected}, got {Describe(args[index].Type)}");
        }
        return Fold(Make(create(), result, call), call, args.ToArray());
    }

    private Bound StringFunction2(CallAst call, List<Bound> args, Func<object?, object?, EvalNode, object?> function)
    {
        foreach (var arg in args)
        {
            if (arg.Type.Kind is not (RuleTypeKind.String or RuleTypeKind.Dyn))
            {
                return Error(call.Position, RuleErrorCodes.Type, $"{call.Name}() needs strings, got {Describe(arg.Type)}");
            }
        }
        return Fold(Make(new BinaryFunctionNode(args[0].Node, args[1].Node, function), RuleType.Bool, call), call, args.ToArray());
    }

    private Bound BindMatches(CallAst call, List<Bound> args)
    {
        foreach (var arg in args)
        {
            if (arg.Type.Kind is not (RuleTypeKind.String or RuleTypeKind.Dyn))
            {
                return Error(call.Position, RuleErrorCodes.Type, $"matches() needs strings, got {Describe(arg.Type)}");
            }
        }
        if (args[1].Node is ConstNode { Value: string pattern })
        {
            var (regex, code, message) = RuleRegex.TryCreate(pattern, _options);
            if (regex is null)
            {
                var patternAst = call.Target is null ? call.Args[1] : call.Args[0];
                return Error(patternAst.Position, code!, message!);
            }
            return Fold(Make(new MatchesNode(args[0].Node, regex), RuleType.Bool, call), call, args.ToArray());
        }
        return Make(new MatchesNode(args[0].Node, args[1].Node), RuleType.Bool, call);
    }

    private Bound BindHas(CallAst call)
    {
        if (call.Args.Count != 1 || call.Args[0] is not SelectAst select)
        {
            return Error(call.Position, RuleErrorCodes.Type, "has() needs one field selection, like has(request.metadata.country)");
        }
        var operand = BindNode(select.Operand);
        var path = PathOf(select.Operand) ?? "value";
        switch (operand.Type.Kind)
        {
            case RuleTypeKind.Object when !operand.Type.TryGetField(select.Field, out _):
                var known = operand.Type.Fields.Count == 0 ? "none" : string.Join(", ", operand.Type.Fields.Keys.Order(StringComparer.Ordinal));
                return Error(select.Position, RuleErrorCodes.UnknownField, $"unknown field '{select.Field}' on {path} (known fields: {known})");
            case RuleTypeKind.Object:
            case RuleTypeKind.Map:
            case RuleTypeKind.Dyn:
                return Make(new HasNode(operand.Node, select.Field), RuleType.Bool, call);
            default:
                return Error(select.Position, RuleErrorCodes.Type, $"has() needs a map or object, but {path} is {Describe(operand.Type)}");
        }
    }
}
