package dev.cliauth.lambda;

import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warm function serves any number of invocations without growing its bean context: Micronaut's
 * default registers the Lambda context as new singletons on every invocation, which made each
 * request slower than the last (about 1 ms more per 500 requests, see README "Benchmark").
 */
class LambdaContextBeansTest {

    @Test
    void invocationsDoNotRegisterBeans() {
        try (Functions functions = Functions.start()) {
            Functions.invoke(functions.token, Events.load("metadata").build());
            int before = functions.token.context().getAllBeanDefinitions().size();

            for (int i = 0; i < 200; i++) {
                functions.token.handleRequest(Events.load("metadata").build(), new MockLambdaContext());
            }

            assertThat(functions.token.context().getAllBeanDefinitions()).hasSize(before);
        }
    }
}
