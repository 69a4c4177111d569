package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page that says how something ended ({@code outcome.jte}): approved, denied, expired, unknown
 * code, too many attempts, or an error.
 *
 * @param title      the document title
 * @param heading    the page heading
 * @param paragraphs text, one paragraph each
 * @param again      whether to offer a link back to code entry
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record OutcomePage(String title, String heading, List<String> paragraphs, boolean again) {

    public OutcomePage {
        paragraphs = paragraphs == null ? List.of() : List.copyOf(paragraphs);    // an empty list is left out of a kept view
    }
}
