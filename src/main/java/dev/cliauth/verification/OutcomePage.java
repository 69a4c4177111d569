package dev.cliauth.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page that says how something ended ({@code outcome.jte}): approved, denied, expired, unknown
 * code, too many attempts, or an error. Its texts are messages ({@code outcome.<key>.title},
 * {@code .heading}, {@code .p1} …), in the reader's language.
 *
 * @param key        which outcome
 * @param args       the values its messages fill in (an app name, minutes)
 * @param numeric    whether {@code args} are numbers (a message chooses its words by them), not text
 * @param paragraphs how many paragraphs it has
 * @param again      whether to offer a link back to code entry
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)     // kept views (PageViews) read back "" and [] as they were
public record OutcomePage(String key, List<String> args, boolean numeric, int paragraphs, boolean again) {

    public OutcomePage {
        args = args == null ? List.of() : List.copyOf(args);    // an empty list is left out of a kept view
    }

    /** The paragraph keys, {@code outcome.<key>.p1} … */
    public List<String> paragraphKeys() {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i <= paragraphs; i++) {
            out.add("outcome." + key + ".p" + i);
        }
        return out;
    }

    /** The message arguments, as a template passes them on: numbers as numbers, text as text (an app named "2024" too). */
    public Object[] argArray() {
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numeric ? (Object) Long.parseLong(args.get(i)) : args.get(i);
        }
        return out;
    }
}
