package dev.cliauth.lambda;

import dev.cliauth.local.LambdaInvocation;
import dev.cliauth.testing.Events;
import dev.cliauth.testing.Functions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warm function serves any number of invocations without growing its bean context. (Micronaut's
 * Lambda adapter, used before, registered the Lambda context as new singletons on every
 * invocation, which made each request slower than the last.)
 */
class WarmFunctionTest {

    @Test
    void invocationsDoNotRegisterBeans() {
        try (Functions functions = Functions.start()) {
            Functions.invoke(functions.token, Events.load("metadata").build());
            int before = functions.token.context().getAllBeanDefinitions().size();

            for (int i = 0; i < 200; i++) {
                functions.token.handleRequest(Events.load("metadata").build(), new LambdaInvocation("warm-" + i));
            }

            assertThat(functions.token.context().getAllBeanDefinitions()).hasSize(before);
        }
    }
}
