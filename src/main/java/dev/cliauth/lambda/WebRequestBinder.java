package dev.cliauth.lambda;

import dev.cliauth.web.WebRequest;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Binds a {@link WebRequest} controller argument: the request {@link Payload2Request} checked
 * before Micronaut routed it. Endpoints read headers, cookies, query and body from it instead of
 * from Micronaut's payload-2.0 request, which mis-reads cookies and forms.
 */
@Singleton
final class WebRequestBinder implements TypedRequestArgumentBinder<WebRequest> {

    private static final Argument<WebRequest> TYPE = Argument.of(WebRequest.class);

    @Override
    public Argument<WebRequest> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<WebRequest> bind(ArgumentConversionContext<WebRequest> context, HttpRequest<?> source) {
        Optional<WebRequest> request = WebRequest.of(source);
        return request.isPresent() ? () -> request : BindingResult.unsatisfied();
    }
}
