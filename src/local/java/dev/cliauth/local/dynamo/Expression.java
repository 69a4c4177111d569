package dev.cliauth.local.dynamo;

import java.util.Set;

/**
 * One parsed expression: its tree, what kind it is (for messages: {@code ConditionExpression},
 * {@code UpdateExpression}, {@code KeyConditionExpression}) and the placeholders it uses.
 * Immutable, so parsed expressions may be shared between threads.
 */
record Expression<T>(String kind, T tree, Set<String> names, Set<String> values) {

    Expression {
        names = Set.copyOf(names);
        values = Set.copyOf(values);
    }
}
