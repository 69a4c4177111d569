package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recursive-descent parser for DynamoDB's condition and update expressions (Developer Guide,
 * "Condition and filter expressions, operators, and functions" and "Using update expressions").
 * Precedence, highest first: comparators, IN, BETWEEN, functions, NOT, AND, OR. Parsed trees are
 * immutable and cached by text.
 */
final class Parser {

    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, Expression<?>> CACHE = new ConcurrentHashMap<>();
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final Set<String> CLAUSES = Set.of("SET", "REMOVE", "ADD", "DELETE");

    private final String text;
    private final String kind;
    private final List<Token> tokens;
    private final Set<String> names = new HashSet<>();
    private final Set<String> values = new HashSet<>();
    private int pos;

    private Parser(String text, String kind) {
        this.text = text;
        this.kind = kind;
        this.tokens = Lexer.tokens(text, kind);
    }

    /** A ConditionExpression (or KeyConditionExpression, named by {@code kind}). */
    @SuppressWarnings("unchecked")
    static Expression<Condition> condition(String text, String kind) {
        return (Expression<Condition>) cached(kind + '\0' + text, () -> {
            Parser p = new Parser(text, kind);
            Condition c = p.or();
            p.expectEnd();
            return new Expression<>(kind, c, p.names, p.values);
        });
    }

    /** An UpdateExpression. */
    @SuppressWarnings("unchecked")
    static Expression<Update> update(String text) {
        return (Expression<Update>) cached("UpdateExpression\0" + text, () -> {
            Parser p = new Parser(text, "UpdateExpression");
            Update u = p.updateClauses();
            return new Expression<>("UpdateExpression", u, p.names, p.values);
        });
    }

    /** "The maximum length of any expression string is 4 KB" (Developer Guide, Service quotas, Expression parameters). */
    static final int MAX_EXPRESSION_BYTES = 4096;

    private static Expression<?> cached(String key, java.util.function.Supplier<Expression<?>> parse) {
        int kindEnd = key.indexOf('\0');
        int size = key.substring(kindEnd + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw DynamoException.validation("Invalid " + key.substring(0, kindEnd)
                    + ": Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        Expression<?> e = CACHE.get(key);
        if (e == null) {
            e = parse.get();
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(key, e);
        }
        return e;
    }

    // ---- conditions -----------------------------------------------------------------------------

    private Condition or() {
        Condition left = and();
        while (peek().isWord("OR")) {
            pos++;
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (peek().isWord("AND")) {
            pos++;
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (peek().isWord("NOT")) {
            pos++;
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        Token t = peek();
        if (t.is("(")) {
            pos++;
            Condition inner = or();
            expect(")");
            return inner;
        }
        if (t.kind() == Token.Kind.WORD && CONDITION_FUNCTIONS.contains(t.text()) && tokens.get(pos + 1).is("(")) {
            return call();
        }
        Operand subject = operand();
        Token next = peek();
        if (next.kind() == Token.Kind.SYMBOL && COMPARATORS.contains(next.text())) {
            pos++;
            return new Condition.Compare(subject, next.text(), operand());
        }
        if (next.isWord("BETWEEN")) {
            pos++;
            Operand low = operand();
            if (!peek().isWord("AND")) {
                throw syntax(peek());
            }
            pos++;
            return new Condition.Between(subject, low, operand());
        }
        if (next.isWord("IN")) {
            pos++;
            expect("(");
            List<Operand> options = new ArrayList<>();
            options.add(operand());
            while (peek().is(",")) {
                pos++;
                options.add(operand());
            }
            expect(")");
            if (options.size() > 100) {
                throw invalid("The IN operator is provided with too many operands; number of operands: " + options.size());
            }
            return new Condition.In(subject, options);
        }
        throw syntax(next);
    }

    private Condition call() {
        String function = next().text();
        expect("(");
        List<Operand> args = new ArrayList<>();
        if (!peek().is(")")) {
            args.add(operand());
            while (peek().is(",")) {
                pos++;
                args.add(operand());
            }
        }
        expect(")");
        int arity = function.startsWith("attribute_") && !function.equals("attribute_type") ? 1 : 2;
        if (args.size() != arity) {
            throw invalid("Incorrect number of operands for operator or function; operator or function: " + function
                    + ", number of operands: " + args.size());
        }
        if (!(args.get(0) instanceof Operand.PathRef)) {
            throw invalid("Operator or function requires a document path; operator or function: " + function);
        }
        return new Condition.Call(function, args);
    }

    /** A path, a {@code :value}, or {@code size(path)}. */
    private Operand operand() {
        Token t = peek();
        if (t.kind() == Token.Kind.VALUE_REF) {
            pos++;
            values.add(t.text());
            return new Operand.ValueRef(t.text());
        }
        if (t.kind() == Token.Kind.WORD && t.text().equals("size") && tokens.get(pos + 1).is("(")) {
            pos += 2;
            if (peek().kind() == Token.Kind.VALUE_REF) {
                throw invalid("Operator or function requires a document path; operator or function: size");
            }
            Path path = path();
            expect(")");
            return new Operand.Size(path);
        }
        if (t.kind() == Token.Kind.WORD && tokens.get(pos + 1).is("(")) {
            throw invalid("Invalid function name; function: " + t.text());
        }
        return new Operand.PathRef(path());
    }

    private Path path() {
        List<Object> steps = new ArrayList<>();
        steps.add(name());
        while (true) {
            if (peek().is(".")) {
                pos++;
                steps.add(name());
            } else if (peek().is("[")) {
                pos++;
                Token index = next();
                if (index.kind() != Token.Kind.INTEGER) {
                    throw syntax(index);
                }
                try {
                    steps.add(Integer.parseInt(index.text()));
                } catch (NumberFormatException tooBig) {
                    throw invalid("List index is out of range; index: " + index.text());
                }
                expect("]");
            } else {
                return new Path(steps);
            }
        }
    }

    private Path.Name name() {
        Token t = next();
        if (t.kind() == Token.Kind.NAME_REF) {
            names.add(t.text());
            return new Path.Name(t.text());
        }
        if (t.kind() != Token.Kind.WORD) {
            throw syntax(t);
        }
        if (ReservedWords.contains(t.text())) {
            throw invalid("Attribute name is a reserved keyword; reserved keyword: " + t.text());
        }
        return new Path.Name(t.text());
    }

    // ---- updates --------------------------------------------------------------------------------

    private Update updateClauses() {
        List<Update.Assign> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<Update.Change> adds = new ArrayList<>();
        List<Update.Change> deletes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (peek().kind() == Token.Kind.END) {
            throw syntax(peek());
        }
        while (peek().kind() != Token.Kind.END) {
            Token clause = next();
            String keyword = clause.kind() == Token.Kind.WORD ? clause.text().toUpperCase(java.util.Locale.ROOT) : "";
            if (!CLAUSES.contains(keyword)) {
                throw syntax(clause);
            }
            if (!seen.add(keyword)) {
                throw invalid("The \"" + keyword + "\" section can only be used once in an update expression;");
            }
            do {
                switch (keyword) {
                    case "SET" -> {
                        Path target = path();
                        expect("=");
                        sets.add(new Update.Assign(target, setValue()));
                    }
                    case "REMOVE" -> removes.add(path());
                    case "ADD" -> adds.add(new Update.Change(path(), valueRef()));
                    default -> deletes.add(new Update.Change(path(), valueRef()));
                }
            } while (comma());
        }
        return new Update(sets, removes, adds, deletes);
    }

    private boolean comma() {
        if (peek().is(",")) {
            pos++;
            return true;
        }
        return false;
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().is("+") || peek().is("-")) {
            char operator = next().text().charAt(0);
            return new Operand.Arithmetic(left, operator, setOperand());
        }
        return left;
    }

    private Operand setOperand() {
        Token t = peek();
        if (t.kind() == Token.Kind.WORD && tokens.get(pos + 1).is("(")) {
            pos += 2;
            Operand result;
            switch (t.text()) {
                case "if_not_exists" -> {
                    Path path = path();
                    expect(",");
                    result = new Operand.IfNotExists(path, setOperand());
                }
                case "list_append" -> {
                    Operand first = setOperand();
                    expect(",");
                    result = new Operand.ListAppend(first, setOperand());
                }
                default -> throw invalid("Invalid function name; function: " + t.text());
            }
            expect(")");
            return result;
        }
        if (t.kind() == Token.Kind.VALUE_REF) {
            pos++;
            values.add(t.text());
            return new Operand.ValueRef(t.text());
        }
        return new Operand.PathRef(path());
    }

    private String valueRef() {
        Token t = next();
        if (t.kind() != Token.Kind.VALUE_REF) {
            throw syntax(t);
        }
        values.add(t.text());
        return t.text();
    }

    // ---- tokens ---------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.END) {
            pos++;
        }
        return t;
    }

    private void expect(String symbol) {
        Token t = next();
        if (!t.is(symbol)) {
            throw syntax(t);
        }
    }

    private void expectEnd() {
        if (peek().kind() != Token.Kind.END) {
            throw syntax(peek());
        }
    }

    private DynamoException syntax(Token t) {
        return Lexer.syntax(kind, text, t.at(), t.text());
    }

    private DynamoException invalid(String detail) {
        return DynamoException.validation("Invalid " + kind + ": " + detail);
    }

    /** Checks the types of literal operands that can be checked before reading the item. */
    static void checkLiterals(Condition c, Placeholders p, String kind) {
        if (c instanceof Condition.And a) {
            checkLiterals(a.left(), p, kind);
            checkLiterals(a.right(), p, kind);
        } else if (c instanceof Condition.Or o) {
            checkLiterals(o.left(), p, kind);
            checkLiterals(o.right(), p, kind);
        } else if (c instanceof Condition.Not n) {
            checkLiterals(n.inner(), p, kind);
        } else if (c instanceof Condition.Compare cmp && !cmp.operator().equals("=") && !cmp.operator().equals("<>")) {
            orderable(cmp.left(), cmp.operator(), p, kind);
            orderable(cmp.right(), cmp.operator(), p, kind);
        } else if (c instanceof Condition.Between b) {
            orderable(b.subject(), "BETWEEN", p, kind);
            orderable(b.low(), "BETWEEN", p, kind);
            orderable(b.high(), "BETWEEN", p, kind);
            if (b.low() instanceof Operand.ValueRef lo && b.high() instanceof Operand.ValueRef hi) {
                Integer order = Value.order(p.value(lo.token()), p.value(hi.token()));
                if (order != null && order > 0) {
                    throw DynamoException.validation("Invalid " + kind + ": The BETWEEN operator requires upper bound to be"
                            + " greater than or equal to lower bound; lower operand: " + lo.token() + ", upper operand: " + hi.token());
                }
            }
        } else if (c instanceof Condition.Call call && call.function().equals("attribute_type")) {
            if (!(call.args().get(1) instanceof Operand.ValueRef v) || !(p.value(v.token()) instanceof Value.S s)
                    || !TYPES.contains(s.value())) {
                throw DynamoException.validation("Invalid " + kind + ": Invalid type for attribute_type; valid types:"
                        + " S, SS, N, NS, B, BS, BOOL, NULL, L, M");
            }
        } else if (c instanceof Condition.Call call && call.function().equals("begins_with")
                && call.args().get(1) instanceof Operand.ValueRef v) {
            Value prefix = p.value(v.token());
            if (!(prefix instanceof Value.S || prefix instanceof Value.B)) {
                throw DynamoException.validation("Invalid " + kind + ": Incorrect operand type for operator or function;"
                        + " operator or function: begins_with, operand type: " + prefix.type());
            }
        }
    }

    private static void orderable(Operand o, String operator, Placeholders p, String kind) {
        if (o instanceof Operand.ValueRef v) {
            Value value = p.value(v.token());
            if (!(value instanceof Value.S || value instanceof Value.N || value instanceof Value.B)) {
                throw DynamoException.validation("Invalid " + kind + ": Incorrect operand type for operator or function;"
                        + " operator: " + operator + ", operand type: " + value.type());
            }
        }
    }
}
