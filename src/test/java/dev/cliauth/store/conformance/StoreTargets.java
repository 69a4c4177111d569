package dev.cliauth.store.conformance;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The two targets of every {@link StoreTest}: cliauth's engine, and LocalStack. Without a Docker
 * engine the LocalStack invocation is disabled with the reason, so reports count it as skipped,
 * never as passed.
 */
final class StoreTargets implements TestTemplateInvocationContextProvider {

    static final String NO_DOCKER = "LocalStack target skipped: no Docker engine answers on this machine"
            + " (Testcontainers found none); the reference run needs one";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        EngineOnly engineOnly = context.getRequiredTestMethod().getAnnotation(EngineOnly.class);
        return Stream.of(target("engine", () -> EngineStore.INSTANCE, null),
                target("LocalStack", LocalStackStore::get, ignored -> {
                    if (engineOnly != null) {
                        return ConditionEvaluationResult.disabled("LocalStack target skipped: " + engineOnly.value());
                    }
                    return LocalStackStore.dockerAvailable() ? ConditionEvaluationResult.enabled("Docker available")
                            : ConditionEvaluationResult.disabled(NO_DOCKER);
                }));
    }

    private static TestTemplateInvocationContext target(String name, Supplier<Store> store, ExecutionCondition condition) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + name + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                ParameterResolver resolver = new ParameterResolver() {
                    @Override
                    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
                        return p.getParameter().getType() == Store.class;
                    }

                    @Override
                    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
                        return store.get();
                    }
                };
                return condition == null ? List.of(resolver) : List.of(condition, resolver);
            }
        };
    }
}
