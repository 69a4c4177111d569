package dev.cliauth.protocol;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void objectWhenHostileStringsThenValidJsonWithSameValues() throws Exception {
        String nasty = "\"}</script><x>\\\n\t\u0001\u2028é";
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("s", nasty);
        in.put("n", 5);
        in.put("b", true);
        in.put("l", List.of("a", nasty));
        in.put("skipped", null);
        String json = Json.object(in);
        assertThat(json).doesNotContain("</script>").doesNotContain("\n");
        Map<String, Object> out = JSONObjectUtils.parse(json);
        assertThat(out.get("s")).isEqualTo(nasty);
        assertThat(out.get("l")).isEqualTo(List.of("a", nasty));
        assertThat(out).doesNotContainKey("skipped");
    }

    @Test
    void errorWhenSlowDownThenCarriesInterval() throws Exception {
        Map<String, Object> out = JSONObjectUtils.parse(Json.error(OAuthError.slowDown(), 10));
        assertThat(out).containsEntry("error", "slow_down").containsKey("error_description").containsKey("error_uri");
        assertThat(((Number) out.get("interval")).intValue()).isEqualTo(10);
    }
}
