package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Registers no per-invocation beans. Micronaut's {@link DefaultLambdaContextFactory} registers the
 * Lambda {@link Context} (and its logger, client context and identity) as new singletons on every
 * invocation; they accumulate in the bean context, so a warm function slows down and grows with
 * every request it serves ({@code WarmFunctionTest}). Nothing in cliauth injects them.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
final class LambdaContextBeans implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // deliberately nothing
    }
}
