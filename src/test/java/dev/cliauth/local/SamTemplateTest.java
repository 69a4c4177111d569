package dev.cliauth.local;

import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.store.Keys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml agrees with the code: routes name real handlers, the table has the keys the code uses. */
class SamTemplateTest {

    private final SamTemplate template = SamTemplate.load();

    @Test
    void everyRouteNamesAnExistingHandler() throws Exception {
        assertThat(template.routes()).isNotEmpty();
        for (SamTemplate.Route route : template.routes()) {
            assertThat(CliauthFunction.class.isAssignableFrom(Class.forName(route.handlerClass()))).as(route.toString()).isTrue();
        }
    }

    @Test
    void routesCoverTheEndpoints() {
        assertThat(template.routes()).extracting(r -> r.method() + " " + r.path()).contains(
                "POST /oauth2/device_authorization", "POST /oauth2/token", "GET /oauth2/jwks",
                "GET /.well-known/oauth-authorization-server", "GET /.well-known/openid-configuration",
                "GET /device", "POST /device", "POST /device/signin", "POST /device/decision");
    }

    @Test
    void tableHasTheKeysAndIndexTheCodeUses() {
        var table = template.table("t");
        assertThat(table.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName()).isEqualTo(Keys.PK));
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(g -> {
            assertThat(g.indexName()).isEqualTo(Keys.USER_CODE_INDEX);
            assertThat(g.keySchema().get(0).attributeName()).isEqualTo(Keys.USER_CODE_KEY);
        });
        assertThat(template.ttlAttribute()).isEqualTo(Keys.TTL);
    }
}
