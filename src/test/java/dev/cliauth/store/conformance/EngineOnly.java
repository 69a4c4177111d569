package dev.cliauth.store.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A documented DynamoDB behaviour the reference target cannot show: the LocalStack run is skipped
 * with this reason (so it is reported, not counted as passed), and the engine run pins the documented rule.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface EngineOnly {

    /** Why LocalStack cannot be the reference for this behaviour. */
    String value();
}
