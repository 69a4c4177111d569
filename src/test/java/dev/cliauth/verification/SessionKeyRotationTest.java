package dev.cliauth.verification;

import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;

import static dev.cliauth.testing.Logins.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page-signing key rotates (SPEC §6): what was signed with the key before still verifies, so
 * no session or open form breaks at a rotation; what was signed two rotations ago does not.
 */
class SessionKeyRotationTest {

    @Test
    void aRotationKeepsSessionsAndFormsAliveAndTheSecondRetiresTheOldKey() {
        try (Functions functions = Functions.start(Map.of("cliauth.pages.session-key-rotation", "1h"))) {
            Logins logins = new Logins(functions);
            EventBrowser early = new EventBrowser(functions.verification);
            early.get(null);                                  // the key is created; this form is signed with it
            String earlyForm = "csrf=" + enc(early.csrf()) + "&user_code=ZZZZ-ZZZZ";
            byte[] first = key(functions).get("key").b().asByteArray();

            functions.clock.advance(Duration.ofMinutes(45));
            EventBrowser user = new EventBrowser(functions.verification);
            user.signInWithCode(logins.start().userCode(), "demo@example.com", "demo-password");

            functions.clock.advance(Duration.ofMinutes(21));      // 66 min: due, and past the 5-minute reload
            assertThat(user.get(null).getBody()).as("a session signed before the rotation").contains("Signed in as");
            Map<String, AttributeValue> rotated = key(functions);
            assertThat(rotated.get("key").b().asByteArray()).isNotEqualTo(first);
            assertThat(rotated.get("previous").b().asByteArray()).isEqualTo(first);
            assertThat(user.post("/device", "csrf=" + enc(user.csrf()) + "&user_code="
                    + enc(logins.start().userCode())).getStatusCode()).as("a form signed with the new key").isEqualTo(200);
            EventBrowser middle = new EventBrowser(functions.verification);
            middle.get(null);
            String middleForm = "csrf=" + enc(middle.csrf()) + "&user_code=ZZZZ-ZZZZ";

            functions.clock.advance(Duration.ofMinutes(64));      // 130 min: the second rotation
            assertThat(early.post("/device", earlyForm).getBody()).as("signed two rotations ago")
                    .contains("This form has expired");
            assertThat(middle.post("/device", middleForm).getBody()).as("signed one rotation ago")
                    .contains("name=\"password\"");
            assertThat(key(functions).get("previous").b().asByteArray()).isEqualTo(rotated.get("key").b().asByteArray());
        }
    }

    private static Map<String, AttributeValue> key(Functions functions) {
        return functions.dynamo.getItem(g -> g.tableName(functions.table)
                .key(dev.cliauth.store.Attrs.key(Keys.sessionKey("default"))).consistentRead(true)).item();
    }
}
