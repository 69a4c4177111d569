package dev.cliauth.verification;

import dev.cliauth.protocol.FormParameters;
import dev.cliauth.web.WebRequest;

import java.util.Locale;

/** The form a page posted: strictly parsed, or empty when the body is not a form. */
final class PageForms {

    private PageForms() {
    }

    static FormParameters of(WebRequest request) {
        String type = request.header("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return FormParameters.empty();
        }
        return FormParameters.parse(request.body());
    }
}
