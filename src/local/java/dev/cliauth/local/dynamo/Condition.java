package dev.cliauth.local.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition (ConditionExpression, and the key condition's tree): comparisons, BETWEEN, IN,
 * the functions, AND, OR, NOT. A missing attribute, or values of different types, never satisfy
 * {@code =}, ordering, BETWEEN or IN.
 */
sealed interface Condition {

    boolean test(Map<String, Value> item, Placeholders p);

    record Compare(Operand left, String operator, Operand right) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            Value a = Operand.inCondition(left, item, p);
            Value b = Operand.inCondition(right, item, p);
            if (operator.equals("=")) {
                return a != null && a.equals(b);
            }
            if (operator.equals("<>")) {
                return a == null || !a.equals(b);
            }
            Integer order = a == null || b == null ? null : Value.order(a, b);
            if (order == null) {
                return false;
            }
            return switch (operator) {
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                case ">=" -> order >= 0;
                default -> throw new IllegalStateException(operator);
            };
        }
    }

    record Between(Operand subject, Operand low, Operand high) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            Value v = Operand.inCondition(subject, item, p);
            Value lo = Operand.inCondition(low, item, p);
            Value hi = Operand.inCondition(high, item, p);
            if (v == null || lo == null || hi == null) {
                return false;
            }
            Integer a = Value.order(lo, v);
            Integer b = Value.order(v, hi);
            return a != null && b != null && a <= 0 && b <= 0;
        }
    }

    record In(Operand subject, List<Operand> options) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            Value v = Operand.inCondition(subject, item, p);
            if (v == null) {
                return false;
            }
            for (Operand o : options) {
                if (v.equals(Operand.inCondition(o, item, p))) {
                    return true;
                }
            }
            return false;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            return left.test(item, p) && right.test(item, p);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            return left.test(item, p) || right.test(item, p);
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            return !inner.test(item, p);
        }
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    record Call(String function, List<Operand> args) implements Condition {
        public boolean test(Map<String, Value> item, Placeholders p) {
            Value first = Operand.inCondition(args.get(0), item, p);
            return switch (function) {
                case "attribute_exists" -> first != null;
                case "attribute_not_exists" -> first == null;
                case "attribute_type" -> first != null
                        && first.type().equals(((Value.S) Operand.inCondition(args.get(1), item, p)).value());
                case "begins_with" -> beginsWith(first, Operand.inCondition(args.get(1), item, p));
                case "contains" -> contains(first, Operand.inCondition(args.get(1), item, p));
                default -> throw new IllegalStateException(function);
            };
        }

        private static boolean beginsWith(Value v, Value prefix) {
            if (v instanceof Value.S s && prefix instanceof Value.S x) {
                return s.value().startsWith(x.value());
            }
            return v instanceof Value.B b && prefix instanceof Value.B x && b.value().startsWith(x.value());
        }

        private static boolean contains(Value v, Value operand) {
            if (v == null || operand == null) {
                return false;
            }
            if (v instanceof Value.S s) {
                return operand instanceof Value.S x && s.value().contains(x.value());
            }
            if (v instanceof Value.SS s) {
                return operand instanceof Value.S x && s.values().contains(x.value());
            }
            if (v instanceof Value.NS s) {
                return operand instanceof Value.N x && s.values().contains(x.value());
            }
            if (v instanceof Value.BS s) {
                return operand instanceof Value.B x && s.values().contains(x.value());
            }
            if (v instanceof Value.L l) {
                return l.values().stream().anyMatch(e -> Objects.equals(e, operand));
            }
            return false;
        }
    }
}
