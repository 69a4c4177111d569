package dev.cliauth.local.dynamo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An update expression: its SET, REMOVE, ADD and DELETE actions. {@link #apply} evaluates every
 * operand against the item as it was, then makes the changes.
 */
record Update(List<Assign> sets, List<Path> removes, List<Change> adds, List<Change> deletes) {

    /** {@code path = value}. */
    record Assign(Path path, Operand value) {
    }

    /** {@code path :value} of ADD or DELETE. */
    record Change(Path path, String valueToken) {
    }

    Update {
        sets = List.copyOf(sets);
        removes = List.copyOf(removes);
        adds = List.copyOf(adds);
        deletes = List.copyOf(deletes);
    }

    /** Every path this update writes, resolved, in the order written. */
    List<Path.Resolved> targets(Placeholders p) {
        List<Path.Resolved> out = new ArrayList<>();
        sets.forEach(s -> out.add(s.path().resolve(p)));
        removes.forEach(r -> out.add(r.resolve(p)));
        adds.forEach(a -> out.add(a.path().resolve(p)));
        deletes.forEach(d -> out.add(d.path().resolve(p)));
        return out;
    }

    /** Refuses two actions on overlapping paths and ADD or DELETE with a value of the wrong type. */
    void check(Placeholders p) {
        List<Path.Resolved> targets = targets(p);
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                if (targets.get(i).overlaps(targets.get(j))) {
                    throw DynamoException.validation("Invalid UpdateExpression: Two document paths overlap with each other;"
                            + " must remove or rewrite one of these paths; path one: " + targets.get(i)
                            + ", path two: " + targets.get(j));
                }
            }
        }
        for (Change add : adds) {
            Value v = p.value(add.valueToken());
            if (!(v instanceof Value.N || v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS)) {
                throw DynamoException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function;"
                        + " operator: ADD, operand type: " + v.type());
            }
        }
        for (Change delete : deletes) {
            Value v = p.value(delete.valueToken());
            if (!(v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS)) {
                throw DynamoException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function;"
                        + " operator: DELETE, operand type: " + v.type());
            }
        }
    }

    /** The item after this update ({@code before} is never changed). */
    Map<String, Value> apply(Map<String, Value> before, Placeholders p) {
        List<Value> assigned = new ArrayList<>(sets.size());
        for (Assign s : sets) {
            assigned.add(Operand.inUpdate(s.value(), before, p));
        }
        Map<String, Value> after = new LinkedHashMap<>(before);
        for (int i = 0; i < sets.size(); i++) {
            sets.get(i).path().resolve(p).set(after, assigned.get(i));
        }
        // Removing list elements from the highest index down keeps the lower indexes valid.
        List<Path.Resolved> removals = new ArrayList<>(removes.stream().map(r -> r.resolve(p)).toList());
        removals.sort(Comparator.comparing((Path.Resolved r) -> r.steps().get(r.steps().size() - 1) instanceof Integer i ? -i : 0));
        removals.forEach(r -> r.remove(after));
        for (Change add : adds) {
            Path.Resolved path = add.path().resolve(p);
            Value current = path.get(before);
            path.set(after, add(current, p.value(add.valueToken())));
        }
        for (Change delete : deletes) {
            Path.Resolved path = delete.path().resolve(p);
            Value current = path.get(before);
            if (current == null) {
                continue;
            }
            Value rest = delete(current, p.value(delete.valueToken()));
            if (rest == null) {
                path.remove(after);
            } else {
                path.set(after, rest);
            }
        }
        return after;
    }

    private static Value add(Value current, Value operand) {
        if (current == null) {
            return operand;
        }
        if (current instanceof Value.N a && operand instanceof Value.N b) {
            return new Value.N(Numbers.check(a.value().add(b.value())));
        }
        if (current instanceof Value.SS a && operand instanceof Value.SS b) {
            return new Value.SS(union(a.values(), b.values()));
        }
        if (current instanceof Value.NS a && operand instanceof Value.NS b) {
            return new Value.NS(union(a.values(), b.values()));
        }
        if (current instanceof Value.BS a && operand instanceof Value.BS b) {
            return new Value.BS(union(a.values(), b.values()));
        }
        throw Operand.wrongType();
    }

    /** The set without the operand's elements, or null when nothing is left. */
    private static Value delete(Value current, Value operand) {
        if (current instanceof Value.SS a && operand instanceof Value.SS b) {
            Set<String> rest = minus(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.SS(rest);
        }
        if (current instanceof Value.NS a && operand instanceof Value.NS b) {
            Set<BigDecimal> rest = minus(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.NS(rest);
        }
        if (current instanceof Value.BS a && operand instanceof Value.BS b) {
            Set<Bytes> rest = minus(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.BS(rest);
        }
        throw Operand.wrongType();
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }
}
