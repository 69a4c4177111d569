package dev.cliauth.verification;

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
public record OutcomePage(String title, String heading, List<String> paragraphs, boolean again) {

    public OutcomePage {
        paragraphs = List.copyOf(paragraphs);
    }
}
