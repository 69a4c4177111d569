package dev.cliauth.verification;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.testing.EventBrowser;
import dev.cliauth.testing.Functions;
import dev.cliauth.testing.Logins;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A client name with control characters (written around the admin tool) is shown safely and can be approved. */
class UnsafeNamesTest {

    @Test
    void controlAndBidiCharactersAreShownAsReplacementsAndTheLoginCanStillBeApproved() {
        try (Functions functions = Functions.start()) {
            functions.dynamo.putItem(p -> p.tableName(functions.table).item(Map.of(
                    Keys.PK, Attrs.s(Keys.client("default", "odd-cli")), Keys.ORG, Attrs.s("default"),
                    "client_id", Attrs.s("odd-cli"), "name", Attrs.s("Odd\r\nCLI\u202Eexe.txt\u0007"),
                    "scopes", Attrs.list(List.of("openid")))));
            Logins logins = new Logins(functions);
            var started = logins.start("odd-cli", "openid");
            EventBrowser browser = new EventBrowser(functions.verification);
            APIGatewayV2HTTPResponse confirm = browser.signInWithCode(started.userCode(), "demo@example.com", "demo-password");
            assertThat(confirm.getStatusCode()).isEqualTo(200);
            assertThat(confirm.getBody()).contains("Allow Odd\uFFFD\uFFFDCLI\uFFFDexe.txt\uFFFD?")
                    .doesNotContain("\u202E").doesNotContain("\u0007");
            assertThat(browser.field("app")).isEqualTo("Odd\uFFFD\uFFFDCLI\uFFFDexe.txt\uFFFD");
            assertThat(browser.decide("approve").getBody()).contains("Return to your terminal");
            assertThat(Attrs.str(logins.grantItem(started.deviceCode()), "status")).isEqualTo("APPROVED");
        }
    }
}
