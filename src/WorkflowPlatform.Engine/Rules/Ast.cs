namespace WorkflowPlatform.Engine.Rules;

/// <summary>Syntax tree produced by <see cref="Parser"/>. Position is the offset used for error reports.</summary>
internal abstract record Ast(int Position);

internal sealed record LiteralAst(int Position, object? Value) : Ast(Position);

internal sealed record IdentAst(int Position, string Name) : Ast(Position);

/// <summary><c>operand.field</c>; Position is the field name's offset.</summary>
internal sealed record SelectAst(int Position, Ast Operand, string Field) : Ast(Position);

/// <summary><c>operand[index]</c>; Position is the '[' offset.</summary>
internal sealed record IndexAst(int Position, Ast Operand, Ast Index) : Ast(Position);

/// <summary><c>name(args)</c> or <c>target.name(args)</c>; Position is the name's offset.</summary>
internal sealed record CallAst(int Position, Ast? Target, string Name, IReadOnlyList<Ast> Args) : Ast(Position);

internal sealed record UnaryAst(int Position, TokenKind Op, Ast Operand) : Ast(Position);

/// <summary>A binary operator; Position is the operator's offset.</summary>
internal sealed record BinaryAst(int Position, TokenKind Op, Ast Left, Ast Right) : Ast(Position);

/// <summary><c>a &amp;&amp; b &amp;&amp; c</c> or <c>a || b || c</c> flattened, so long chains do not nest.</summary>
internal sealed record LogicAst(int Position, bool IsAnd, IReadOnlyList<Ast> Operands) : Ast(Position);

/// <summary><c>cond ? then : else</c>; Position is the '?' offset.</summary>
internal sealed record ConditionalAst(int Position, Ast Condition, Ast Then, Ast Else) : Ast(Position);

internal sealed record ListAst(int Position, IReadOnlyList<Ast> Items) : Ast(Position);

internal sealed record MapAst(int Position, IReadOnlyList<(Ast Key, Ast Value)> Entries) : Ast(Position);
