package dev.cliauth.portal;

import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.org.Org;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.org.Rules;
import dev.cliauth.protocol.FormParameters;
import dev.cliauth.store.Attrs;
import dev.cliauth.verification.Brand;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The org settings form as typed, and its reading into the attributes of the org's item, or the
 * message key of the first thing wrong. Empty optional fields mean "the deployment's";
 * {@code passwords} is {@code on} or {@code off} (people sign in with the company sign-in only).
 */
public record SettingsForm(String name, String codeTtl, String interval, String userCodeFormat, String reauthMinutes,
                           String logoUrl, String accent, String passwords) {

    /** The form showing {@code org}'s settings. */
    public static SettingsForm of(Org org) {
        return new SettingsForm(org.name(), seconds(org.codeTtl()), seconds(org.interval()),
                org.userCodeFormat() == null ? "" : org.userCodeFormat().spec(),
                org.reauthAfter() == null ? "" : Long.toString(org.reauthAfter().toMinutes()),
                org.logoUrl() == null ? "" : org.logoUrl(), org.accent() == null ? "" : org.accent(),
                org.passwordSignIn() ? "on" : "off");
    }

    public static SettingsForm of(FormParameters form) {
        return new SettingsForm(form.get("name").orElse(""), form.get("code_ttl").orElse(""), form.get("interval").orElse(""),
                form.get("user_code_format").orElse(""), form.get("reauth_minutes").orElse(""),
                form.get("logo_url").orElse(""), form.get("accent").orElse(""), form.get("passwords").orElse("on"));
    }

    private static String seconds(@Nullable Duration d) {
        return d == null ? "" : Long.toString(d.toSeconds());
    }

    /** What reading the form gave: the attributes to set, or the message key of what is wrong. */
    public record Read(@Nullable Map<String, AttributeValue> set, @Nullable String error) {
    }

    public Read read() {
        Map<String, AttributeValue> set = new HashMap<>();
        if (Rules.name(name).isEmpty()) {
            return new Read(null, "portal.error.name");
        }
        set.put("name", Attrs.s(Rules.name(name).get()));
        long ttl = ApplicationForm.seconds(codeTtl, Rules.MIN_CODE_TTL.toSeconds(), Rules.MAX_CODE_TTL.toSeconds());
        if (ttl < 0) {
            return new Read(null, "portal.error.codeTtl");
        }
        long every = ApplicationForm.seconds(interval, Rules.MIN_INTERVAL.toSeconds(), Rules.MAX_INTERVAL.toSeconds());
        if (every < 0) {
            return new Read(null, "portal.error.interval");
        }
        long reauth = ApplicationForm.seconds(reauthMinutes, Rules.MIN_REAUTH.toMinutes(), Rules.MAX_REAUTH.toMinutes());
        if (reauth < 0) {
            return new Read(null, "portal.error.reauth");
        }
        if (ttl > 0) {
            set.put("code_ttl_s", Attrs.n(ttl));
        }
        if (every > 0) {
            set.put("interval_s", Attrs.n(every));
        }
        if (reauth > 0) {
            set.put("reauth_s", Attrs.n(reauth * 60));
        }
        if (!userCodeFormat.isBlank()) {
            try {
                set.put("user_code_format", Attrs.s(UserCodeFormat.parse(userCodeFormat.trim()).spec()));
            } catch (IllegalArgumentException e) {
                return new Read(null, "portal.error.userCodeFormat");
            }
        }
        if (!logoUrl.isBlank()) {
            if (Brand.logoUrl(logoUrl.trim()) == null) {
                return new Read(null, "portal.error.logo");
            }
            set.put("logo_url", Attrs.s(logoUrl.trim()));
        }
        if (!accent.isBlank()) {
            if (!Brand.accent(accent.trim())) {
                return new Read(null, "portal.error.accent");
            }
            set.put("accent", Attrs.s(accent.trim().toLowerCase(Locale.ROOT)));
        }
        switch (passwords) {
            case "on" -> { }
            case "off" -> set.put(OrgRepository.PASSWORDS_OFF, Attrs.bool(true));
            default -> {
                return new Read(null, "portal.error.passwords");
            }
        }
        return new Read(set, null);
    }

    /** Whether the form turns password sign-in off (company sign-in only). */
    public boolean passwordsOff() {
        return "off".equals(passwords);
    }

    /** The format's entropy in bits: of the format typed when valid, else of {@code fallback}. */
    public double entropyBits(UserCodeFormat fallback) {
        try {
            return userCodeFormat.isBlank() ? fallback.entropyBits() : UserCodeFormat.parse(userCodeFormat.trim()).entropyBits();
        } catch (IllegalArgumentException e) {
            return fallback.entropyBits();
        }
    }
}
