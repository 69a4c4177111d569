package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document path as written in an expression: top-level name, then {@code .name} and
 * {@code [index]} steps; a name may be a {@code #placeholder}.
 */
record Path(List<Object> steps) {

    /** A name step as written: bare, or {@code #placeholder}. */
    record Name(String token) {
        boolean placeholder() {
            return token.startsWith("#");
        }
    }

    Path {
        steps = List.copyOf(steps);
    }

    /** The path with placeholders replaced: Strings (names) and Integers (list indexes). */
    Resolved resolve(Placeholders placeholders) {
        List<Object> out = new ArrayList<>(steps.size());
        for (Object step : steps) {
            out.add(step instanceof Name n ? (n.placeholder() ? placeholders.name(n.token()) : n.token()) : step);
        }
        return new Resolved(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Name n) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(n.token());
            } else {
                sb.append('[').append(step).append(']');
            }
        }
        return sb.toString();
    }

    /** A path whose names are real attribute names. */
    record Resolved(List<Object> steps) {

        String top() {
            return (String) steps.get(0);
        }

        /** Whether one path is the other or lies inside it. */
        boolean overlaps(Resolved other) {
            int n = Math.min(steps.size(), other.steps.size());
            return steps.subList(0, n).equals(other.steps.subList(0, n));
        }

        /** The value at this path in {@code item}, or null when there is none. */
        Value get(Map<String, Value> item) {
            Value v = item.get(top());
            for (int i = 1; i < steps.size() && v != null; i++) {
                v = step(v, steps.get(i));
            }
            return v;
        }

        private static Value step(Value v, Object step) {
            if (step instanceof String name) {
                return v instanceof Value.M m ? m.values().get(name) : null;
            }
            int index = (Integer) step;
            return v instanceof Value.L l && index < l.values().size() ? l.values().get(index) : null;
        }

        /**
         * Sets the value at this path in the mutable {@code item}. A list index past the end
         * appends; a missing parent, or a parent of the wrong type, is an invalid path.
         */
        void set(Map<String, Value> item, Value value) {
            if (steps.size() == 1) {
                item.put(top(), value);
                return;
            }
            Value parent = item.get(top());
            if (parent == null) {
                throw invalid();
            }
            item.put(top(), setIn(parent, 1, value));
        }

        private Value setIn(Value container, int i, Value value) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String name) {
                if (!(container instanceof Value.M m)) {
                    throw invalid();
                }
                Map<String, Value> copy = new LinkedHashMap<>(m.values());
                if (last) {
                    copy.put(name, value);
                } else {
                    Value child = copy.get(name);
                    if (child == null) {
                        throw invalid();
                    }
                    copy.put(name, setIn(child, i + 1, value));
                }
                return new Value.M(copy);
            }
            int index = (Integer) step;
            if (!(container instanceof Value.L l)) {
                throw invalid();
            }
            List<Value> copy = new ArrayList<>(l.values());
            if (last) {
                if (index >= copy.size()) {
                    copy.add(value);
                } else {
                    copy.set(index, value);
                }
            } else {
                if (index >= copy.size()) {
                    throw invalid();
                }
                copy.set(index, setIn(copy.get(index), i + 1, value));
            }
            return new Value.L(copy);
        }

        /** Removes the value at this path from the mutable {@code item}; nothing when absent. */
        void remove(Map<String, Value> item) {
            if (steps.size() == 1) {
                item.remove(top());
                return;
            }
            Value parent = item.get(top());
            if (parent == null) {
                return;
            }
            Value changed = removeIn(parent, 1);
            if (changed != null) {
                item.put(top(), changed);
            }
        }

        /** The container without the element, or null when there was nothing to remove. */
        private Value removeIn(Value container, int i) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String name) {
                if (!(container instanceof Value.M m)) {
                    throw invalid();
                }
                Value child = m.values().get(name);
                if (child == null) {
                    return null;
                }
                Map<String, Value> copy = new LinkedHashMap<>(m.values());
                if (last) {
                    copy.remove(name);
                } else {
                    Value changed = removeIn(child, i + 1);
                    if (changed == null) {
                        return null;
                    }
                    copy.put(name, changed);
                }
                return new Value.M(copy);
            }
            int index = (Integer) step;
            if (!(container instanceof Value.L l)) {
                throw invalid();
            }
            if (index >= l.values().size()) {
                return null;
            }
            List<Value> copy = new ArrayList<>(l.values());
            if (last) {
                copy.remove(index);
            } else {
                Value changed = removeIn(copy.get(index), i + 1);
                if (changed == null) {
                    return null;
                }
                copy.set(index, changed);
            }
            return new Value.L(copy);
        }

        /** Copies the value at this path from {@code from} into the mutable {@code into}, keeping its nesting. */
        void project(Map<String, Value> from, Map<String, Value> into) {
            Value v = get(from);
            if (v == null) {
                return;
            }
            if (steps.size() == 1) {
                into.put(top(), v);
                return;
            }
            // Nested: rebuild the containers down to the value, merging with what is already there.
            Value existing = into.get(top());
            into.put(top(), projectIn(from.get(top()), existing, 1));
        }

        private Value projectIn(Value source, Value existing, int i) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String name) {
                Value.M m = (Value.M) source;
                Map<String, Value> copy = existing instanceof Value.M e ? new LinkedHashMap<>(e.values()) : new LinkedHashMap<>();
                Value child = m.values().get(name);
                copy.put(name, last ? child : projectIn(child, copy.get(name), i + 1));
                return new Value.M(copy);
            }
            Value.L l = (Value.L) source;
            List<Value> copy = existing instanceof Value.L e ? new ArrayList<>(e.values()) : new ArrayList<>();
            Value child = l.values().get((Integer) step);
            copy.add(last ? child : projectIn(child, null, i + 1));
            return new Value.L(copy);
        }

        private static DynamoException invalid() {
            return DynamoException.validation("The document path provided in the update expression is invalid for update");
        }

        @Override
        public String toString() {
            return steps.toString();
        }
    }
}
