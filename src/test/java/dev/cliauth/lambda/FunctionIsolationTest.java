package dev.cliauth.lambda;

import dev.cliauth.account.AccountRepository;
import dev.cliauth.client.ClientRepository;
import dev.cliauth.device.DeviceAuthorizationService;
import dev.cliauth.devices.DeviceSessions;
import dev.cliauth.keys.SigningKeys;
import dev.cliauth.portal.Applications;
import dev.cliauth.portal.Members;
import dev.cliauth.testing.Functions;
import dev.cliauth.token.TokenMinter;
import dev.cliauth.verification.BrowserState;
import dev.cliauth.verification.CodeLookup;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Each function's context holds only the beans its routes need; private keys only in token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionIsolationTest {

    private Functions functions;

    @BeforeAll
    void start() {
        functions = Functions.start();
    }

    @AfterAll
    void stop() {
        functions.close();
    }

    @Test
    void deviceAuthorizationHasNoKeysAccountsOrPages() {
        ApplicationContext ctx = functions.deviceAuthorization.context();
        assertThat(ctx.containsBean(DeviceAuthorizationService.class)).isTrue();
        assertThat(ctx.containsBean(ClientRepository.class)).isTrue();
        assertThat(ctx.containsBean(SigningKeys.class)).isFalse();
        assertThat(ctx.containsBean(AccountRepository.class)).isFalse();
        assertThat(ctx.containsBean(BrowserState.class)).isFalse();
    }

    @Test
    void tokenHasKeysButNoAccountsOrPages() {
        ApplicationContext ctx = functions.token.context();
        assertThat(ctx.containsBean(SigningKeys.class)).isTrue();
        assertThat(ctx.containsBean(TokenMinter.class)).isTrue();
        assertThat(ctx.containsBean(AccountRepository.class)).isFalse();
        assertThat(ctx.containsBean(BrowserState.class)).isFalse();
        assertThat(ctx.containsBean(DeviceAuthorizationService.class)).isFalse();
    }

    @Test
    void verificationHasNoSigningKeysOrClients() {
        ApplicationContext ctx = functions.verification.context();
        assertThat(ctx.containsBean(BrowserState.class)).isTrue();
        assertThat(ctx.containsBean(AccountRepository.class)).isTrue();
        assertThat(ctx.containsBean(SigningKeys.class)).isFalse();
        assertThat(ctx.containsBean(TokenMinter.class)).isFalse();
        assertThat(ctx.containsBean(ClientRepository.class)).isFalse();
        assertThat(ctx.containsBean(Applications.class)).as("the pages cannot change applications").isFalse();
        assertThat(ctx.containsBean(Members.class)).as("nor invite accounts or set a first password").isFalse();
    }

    @Test
    void portalHasPagesAndApplicationsButNoGrantsTokensOrKeys() {
        ApplicationContext ctx = functions.portal().context();
        assertThat(ctx.containsBean(Applications.class)).isTrue();
        assertThat(ctx.containsBean(Members.class)).isTrue();
        assertThat(ctx.containsBean(BrowserState.class)).isTrue();
        assertThat(ctx.containsBean(CodeLookup.class)).as("it decides no grant").isFalse();
        assertThat(ctx.containsBean(DeviceSessions.class)).isFalse();
        assertThat(ctx.containsBean(SigningKeys.class)).isFalse();
        assertThat(ctx.containsBean(TokenMinter.class)).isFalse();
        assertThat(ctx.containsBean(DeviceAuthorizationService.class)).isFalse();
    }
}
