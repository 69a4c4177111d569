package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.cliauth.web.WebRequest;

/**
 * The event Micronaut routes once {@link Payload2Request} accepted the one API Gateway sent:
 * method, path and nothing else that Micronaut's servlet layer would parse (no query, headers,
 * cookies or body, which it mis-parses in payload 2.0), carrying the checked {@link WebRequest}
 * that {@link WebRequestBinder} hands to endpoints. A client cannot forge it: it is a type, not a
 * header.
 */
final class CheckedEvent extends APIGatewayV2HTTPEvent implements WebRequest.Carrier {

    private final transient WebRequest request;

    CheckedEvent(WebRequest request, APIGatewayV2HTTPEvent.RequestContext context) {
        this.request = request;
        setVersion("2.0");
        setRawPath(request.path());
        setRawQueryString("");
        setRequestContext(context);
        setIsBase64Encoded(false);
    }

    @Override
    public WebRequest webRequest() {
        return request;
    }
}
