package dev.cliauth.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import io.micronaut.core.annotation.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A strictly parsed {@code application/x-www-form-urlencoded} body or query string
 * (RFC 6749 §3.2, Appendix B): a repeated parameter, bad percent-encoding or invalid UTF-8 is
 * {@code invalid_request}; parameters without a value count as empty; unknown ones are kept and
 * ignored by callers. The raw body is parsed here rather than by the framework, because API
 * Gateway and Micronaut join repeated keys with commas.
 */
public final class FormParameters {

    /** Longest body or query string accepted. */
    public static final int MAX_LENGTH = 8 * 1024;
    /** Most parameters accepted. */
    public static final int MAX_PARAMETERS = 32;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).maxStringLength(MAX_LENGTH).build())
            .build();

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static FormParameters empty() {
        return new FormParameters(new LinkedHashMap<>());
    }

    /** Parses an encoded form; throws {@link OAuthException} with {@code invalid_request}. */
    public static FormParameters parse(@Nullable String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return empty();
        }
        if (encoded.length() > MAX_LENGTH) {
            throw OAuthError.invalidRequest("The request is too large.").toException();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.putIfAbsent(name, value) != null) {
                throw OAuthError.invalidRequest("Parameter '" + safeName(name) + "' must not be repeated.").toException();
            }
            if (values.size() > MAX_PARAMETERS) {
                throw OAuthError.invalidRequest("Too many parameters.").toException();
            }
        }
        return new FormParameters(values);
    }

    /**
     * The parameters of a JSON body (the WorkOS-compatible paths accept JSON as WorkOS documents):
     * one flat object of string values, parsed as strictly as a form; a repeated, nested or
     * non-string member is {@code invalid_request}.
     */
    public static FormParameters ofJson(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return empty();
        }
        if (json.length() > MAX_LENGTH) {
            throw OAuthError.invalidRequest("The request is too large.").toException();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw OAuthError.invalidRequest("The body must be a JSON object.").toException();
            }
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    throw OAuthError.invalidRequest("Parameter '" + safeName(name) + "' must be a string.").toException();
                }
                if (values.putIfAbsent(name, parser.getText()) != null) {
                    throw OAuthError.invalidRequest("Parameter '" + safeName(name) + "' must not be repeated.").toException();
                }
                if (values.size() > MAX_PARAMETERS) {
                    throw OAuthError.invalidRequest("Too many parameters.").toException();
                }
            }
            if (parser.nextToken() != null) {
                throw OAuthError.invalidRequest("The body must be one JSON object.").toException();
            }
        } catch (IOException e) {
            throw OAuthError.invalidRequest("The body is not valid JSON.").toException();
        }
        return new FormParameters(values);
    }

    /** The value, or empty when absent or blank. */
    public Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The value, or {@code invalid_request} naming the missing parameter. */
    public String require(String name) {
        return get(name).orElseThrow(() ->
                OAuthError.invalidRequest("Missing parameter '" + name + "'.").toException());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private static String decode(String part) {
        byte[] out = new byte[part.length()];
        int n = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= part.length()) {
                    throw malformed();
                }
                int hi = Character.digit(part.charAt(i + 1), 16);
                int lo = Character.digit(part.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw malformed();
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                // Raw non-ASCII is not form encoding.
                throw malformed();
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    private static OAuthException malformed() {
        return OAuthError.invalidRequest("The form encoding is malformed.").toException();
    }

    private static String safeName(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c) && c < 128)
                ? name : "?";
    }
}
