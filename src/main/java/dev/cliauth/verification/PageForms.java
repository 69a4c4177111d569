package dev.cliauth.verification;

import dev.cliauth.protocol.ApiRequests;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;

/** The form a page posted: strictly parsed, or empty when the body is not a form. */
final class PageForms {

    private PageForms() {
    }

    static FormParameters of(WebRequest request) {
        if (!ApiRequests.mediaType(request.header("content-type")).equals(ApiRequests.FORM)) {
            return FormParameters.empty();
        }
        return FormParameters.parse(request.body());
    }
}
