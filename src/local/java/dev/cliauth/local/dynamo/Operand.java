package dev.cliauth.local.dynamo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operand of a condition or of a SET action: a document path, a {@code :value}, {@code size(path)},
 * and in SET only {@code if_not_exists}, {@code list_append} and {@code +}/{@code -}.
 */
sealed interface Operand {

    record PathRef(Path path) implements Operand {
    }

    record ValueRef(String token) implements Operand {
    }

    record Size(Path path) implements Operand {
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    record ListAppend(Operand first, Operand second) implements Operand {
    }

    record Arithmetic(Operand left, char operator, Operand right) implements Operand {
    }

    /** The operand's value in a condition: null when a path is missing. */
    static Value inCondition(Operand o, Map<String, Value> item, Placeholders p) {
        if (o instanceof PathRef r) {
            return r.path().resolve(p).get(item);
        }
        if (o instanceof ValueRef v) {
            return p.value(v.token());
        }
        if (o instanceof Size s) {
            Value v = s.path().resolve(p).get(item);
            return v == null ? null : sizeOf(v);
        }
        throw new IllegalStateException("not a condition operand: " + o);
    }

    /**
     * The operand's value on the right of SET, against the item before the update. A missing path
     * is an error here (outside {@code if_not_exists}), as is arithmetic on anything but numbers.
     */
    static Value inUpdate(Operand o, Map<String, Value> item, Placeholders p) {
        if (o instanceof PathRef r) {
            Value v = r.path().resolve(p).get(item);
            if (v == null) {
                throw DynamoException.validation("The provided expression refers to an attribute that does not exist in the item");
            }
            return v;
        }
        if (o instanceof ValueRef v) {
            return p.value(v.token());
        }
        if (o instanceof IfNotExists f) {
            Value v = f.path().resolve(p).get(item);
            return v != null ? v : inUpdate(f.fallback(), item, p);
        }
        if (o instanceof ListAppend a) {
            Value first = inUpdate(a.first(), item, p);
            Value second = inUpdate(a.second(), item, p);
            if (!(first instanceof Value.L x) || !(second instanceof Value.L y)) {
                throw wrongType();
            }
            List<Value> joined = new ArrayList<>(x.values());
            joined.addAll(y.values());
            return new Value.L(joined);
        }
        if (o instanceof Arithmetic a) {
            Value left = inUpdate(a.left(), item, p);
            Value right = inUpdate(a.right(), item, p);
            if (!(left instanceof Value.N x) || !(right instanceof Value.N y)) {
                throw wrongType();
            }
            BigDecimal result = a.operator() == '+' ? x.value().add(y.value()) : x.value().subtract(y.value());
            return new Value.N(Numbers.check(result));
        }
        throw new IllegalStateException("not an update operand: " + o);
    }

    static DynamoException wrongType() {
        return DynamoException.validation("An operand in the update expression has an incorrect data type");
    }

    /** {@code size(path)}: characters of a string, bytes of a binary, elements of a set, list or map. */
    private static Value sizeOf(Value v) {
        long n;
        if (v instanceof Value.S s) {
            n = s.value().codePointCount(0, s.value().length());
        } else if (v instanceof Value.B b) {
            n = b.value().length();
        } else if (v instanceof Value.SS s) {
            n = s.values().size();
        } else if (v instanceof Value.NS s) {
            n = s.values().size();
        } else if (v instanceof Value.BS s) {
            n = s.values().size();
        } else if (v instanceof Value.L l) {
            n = l.values().size();
        } else if (v instanceof Value.M m) {
            n = m.values().size();
        } else {
            return null;
        }
        return new Value.N(BigDecimal.valueOf(n));
    }
}
