package dev.cliauth.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.protocol.Json;
import dev.cliauth.protocol.OAuthError;

import java.util.Map;

/** Responses for events refused before routing (bad base64, oversized body, broken event). */
final class EarlyResponses {

    private EarlyResponses() {
    }

    static APIGatewayV2HTTPResponse render(Payload2.Rejection rejection, boolean html) {
        if (html) {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(rejection.status())
                    .withHeaders(Map.of(
                            "Content-Type", "text/html; charset=utf-8",
                            "Cache-Control", "no-store",
                            "X-Content-Type-Options", "nosniff",
                            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
                    .withBody("<!doctype html><title>Bad request</title><p>" + rejection.reason() + "</p>")
                    .build();
        }
        OAuthError error = new OAuthError(OAuthError.INVALID_REQUEST, rejection.reason(), rejection.status(), null);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(rejection.status())
                .withHeaders(Map.of(
                        "Content-Type", "application/json",
                        "Cache-Control", "no-store",
                        "Pragma", "no-cache"))
                .withBody(Json.error(error, null))
                .build();
    }
}
