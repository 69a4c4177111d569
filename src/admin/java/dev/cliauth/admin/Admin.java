package dev.cliauth.admin;

import dev.cliauth.account.Passwords;
import dev.cliauth.code.DeviceCode;
import dev.cliauth.code.UserCodeFormat;
import dev.cliauth.org.OrgId;
import dev.cliauth.org.OrgPaths;
import dev.cliauth.org.OrgRepository;
import dev.cliauth.store.Attrs;
import dev.cliauth.store.Keys;
import dev.cliauth.upstream.UpstreamConfig;
import dev.cliauth.verification.Brand;
import dev.cliauth.audit.AuditEventType;
import dev.cliauth.webhook.WebhookSignature;
import dev.cliauth.webhook.WebhookTargets;
import dev.cliauth.account.AccountRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commands of {@code cliauth-admin} on one table: orgs, clients and users. Each command
 * checks its whole input first, then makes at most one conditional write.
 */
final class Admin {

    static final String USAGE = """
            usage: cliauth-admin [--table T] [--region R] [--endpoint URL] [--output text|json] COMMAND

              org create ORG --name NAME [--code-ttl D] [--interval D] [--user-code-format F] [--reauth-after D]
              org list                            org show ORG
              org update ORG [--name NAME] [--code-ttl D] [--interval D] [--user-code-format F] [--reauth-after D]
                                                  [--logo-url https://…] [--accent #rrggbb]   (also on create)
                                                  [--passwords on|off]   (off: company sign-in only)
              org disable ORG                     org enable ORG
              org index ORG                       (lists clients and users made before the portal in its lists)

              client create ORG CLIENT_ID --name NAME [--confidential] [--scopes "openid email ..."]
                                                  [--code-ttl 600s] [--interval 5s] [--user-code-format F]
                                                  [--refresh-tokens always|offline_access|never] [--third-party]
              client list ORG                     client show ORG CLIENT_ID
              client update ORG CLIENT_ID [--name NAME] [--scopes S] [--code-ttl D] [--interval D]
                                                  [--user-code-format F] [--refresh-tokens P] [--party first|third]
              client disable ORG CLIENT_ID        client enable ORG CLIENT_ID
              client rotate-secret ORG CLIENT_ID  (confidential clients; the new secret is printed once)

              user create ORG EMAIL --name NAME [--email-verified] [--password-stdin]
              user list ORG                       user show ORG EMAIL
              user set-password ORG EMAIL [--password-stdin]
              user disable ORG EMAIL              user enable ORG EMAIL
              user set-role ORG EMAIL admin|user  (admins see and revoke every account's devices)

              webhook set ORG --url URL [--events "approved denied ..."|all] [--new-secret]
                                                  (not_me and reuse_detected always; the secret is printed once)
              webhook show ORG                    webhook remove ORG

              upstream set ORG --issuer URL --client-id ID --domains "acme.com ..." [--name NAME]
                                                  [--client-secret-stdin]   (company sign-in, OpenID Connect)
              upstream show ORG                   upstream remove ORG

              audit list ORG [--event E] [--email EMAIL] [--client ID] [--since 7d] [--limit 100]
                                                  (newest first; events: device_authorized, code_entered,
                                                  signed_in, sign_in_failed, signed_out, approved, denied,
                                                  redeemed, replay, refreshed, reuse_detected, revoked, limit_hit,
                                                  forbidden, not_me)

            A user-code format F is ALPHABET:LENGTH:GROUP: base20:8:4 (the default), digits:10:5, alnum:8:4;
            ALPHABET is base20 (consonants), digits or alnum (letters and digits without look-alikes),
            and the format needs at least 33 bits of entropy. A client's settings override its org's,
            which override the deployment's.

            Passwords are read from a prompt, or from standard input with --password-stdin; never
            from an argument. The table comes from --table or CLIAUTH_TABLE.""";

    static final Set<String> COMMAND_OPTIONS = Set.of("name", "scopes", "code-ttl", "interval", "user-code-format",
            "refresh-tokens", "party", "reauth-after", "audit-retention", "event", "email", "client", "since", "limit",
            "issuer", "client-id", "domains", "url", "events", "logo-url", "accent", "passwords");
    static final Set<String> COMMAND_FLAGS = Set.of("confidential", "password-stdin", "third-party", "email-verified",
            "client-secret-stdin", "new-secret");
    private static final String DEFAULT_SCOPES = "openid profile email offline_access";

    /** Where a password comes from: standard input or a prompt. */
    @FunctionalInterface
    interface PasswordSource {
        char[] read(boolean fromStdin);
    }

    private final AdminStore store;
    private final Output output;
    private final PasswordSource passwords;
    private final SecureRandom random;
    private final Clock clock;

    Admin(DynamoDbClient dynamo, String table, Output output, PasswordSource passwords, SecureRandom random, Clock clock) {
        this.store = new AdminStore(dynamo, table);
        this.output = output;
        this.passwords = passwords;
        this.random = random;
        this.clock = clock;
    }

    /** Runs {@code noun verb ...}; throws {@link UsageError} or {@link Refused} when it cannot. */
    void run(Args args, String noun, String verb) {
        switch (noun + " " + verb) {
            case "org create" -> orgCreate(args);
            case "org list" -> orgList(args);
            case "org show" -> orgShow(args);
            case "org update" -> orgUpdate(args);
            case "org disable" -> orgEnabled(args, false);
            case "org enable" -> orgEnabled(args, true);
            case "org index" -> orgIndex(args);
            case "client create" -> clientCreate(args);
            case "client list" -> clientList(args);
            case "client show" -> clientShow(args);
            case "client update" -> clientUpdate(args);
            case "client disable" -> clientEnabled(args, false);
            case "client enable" -> clientEnabled(args, true);
            case "client rotate-secret" -> clientRotateSecret(args);
            case "user create" -> userCreate(args);
            case "user list" -> userList(args);
            case "user show" -> userShow(args);
            case "user set-password" -> userSetPassword(args);
            case "user disable" -> userEnabled(args, false);
            case "user enable" -> userEnabled(args, true);
            case "user set-role" -> userSetRole(args);
            case "upstream set" -> upstreamSet(args);
            case "upstream show" -> upstreamShow(args);
            case "upstream remove" -> upstreamRemove(args);
            case "webhook set" -> webhookSet(args);
            case "webhook show" -> webhookShow(args);
            case "webhook remove" -> webhookRemove(args);
            case "audit list" -> auditList(args);
            default -> throw new UsageError("unknown command '" + Inputs.printable(noun + " " + verb) + "'\n" + USAGE);
        }
    }

    // ------------------------------------------------------------------------------ orgs

    private void orgCreate(Args args) {
        String org = namedOrg(args.words("org create ORG --name NAME [--code-ttl D] [--interval D] [--user-code-format F] [--reauth-after D]", 3).get(2));
        String name = Inputs.name("org", required(args, "name"));
        only(args, "name", "code-ttl", "interval", "user-code-format", "reauth-after", "audit-retention", "logo-url", "accent");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.org(org)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put("name", Attrs.s(name));
        deviceSettings(args, item);
        reauthAfter(args, item);
        auditRetention(args, item);
        branding(args, item);
        item.put("disabled", Attrs.bool(false));
        item.put("created_at", Attrs.n(clock.millis()));
        store.create(org, item, "org " + org);
        output.record(orgFields(item));
    }

    /**
     * Puts the org's clients and users that were created before the org portal into its lists (the
     * {@code org_items} index): each gets its list key where it has none; nothing else changes.
     */
    private void orgIndex(Args args) {
        String org = Inputs.org(args.words("org index ORG", 3).get(2));
        only(args);
        int added = 0;
        for (Map<String, AttributeValue> item : store.list("CLIENT#" + org + "#")) {
            added += store.listed(Attrs.str(item, Keys.PK), Keys.clientList(org), Attrs.str(item, "client_id")) ? 1 : 0;
        }
        for (Map<String, AttributeValue> item : store.list("USER#" + org + "#")) {
            added += store.listed(Attrs.str(item, Keys.PK), Keys.userList(org), Attrs.str(item, "email")) ? 1 : 0;
        }
        output.record(Map.of("org", org, "listed", added));
    }

    private void orgList(Args args) {
        args.words("org list", 2);
        only(args);
        List<Map<String, Object>> orgs = new ArrayList<>();
        orgs.add(defaultOrg());
        store.list("ORG#").forEach(item -> orgs.add(orgFields(item)));
        output.list("orgs", orgs);
    }

    private void orgShow(Args args) {
        String org = Inputs.org(args.words("org show ORG", 3).get(2));
        only(args);
        if (OrgId.DEFAULT.equals(org)) {
            output.record(defaultOrg());
            return;
        }
        output.record(orgFields(store.get(Keys.org(org)).orElseThrow(() -> new Refused("org " + org + " does not exist"))));
    }

    private void orgUpdate(Args args) {
        String org = namedOrg(args.words("org update ORG [--name NAME] [--code-ttl D] [--interval D] [--user-code-format F] [--reauth-after D]", 3).get(2));
        only(args, "name", "code-ttl", "interval", "user-code-format", "reauth-after", "audit-retention", "logo-url", "accent",
                "passwords");
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        args.option("name").ifPresent(n -> set.put("name", Attrs.s(Inputs.name("org", n))));
        deviceSettings(args, set);
        reauthAfter(args, set);
        auditRetention(args, set);
        branding(args, set);
        // Password sign-in back on is the way in when the company sign-in fails and the portal's admins are locked out.
        args.option("passwords").ifPresent(p -> set.put(OrgRepository.PASSWORDS_OFF, Attrs.bool(switch (p) {
            case "on" -> false;
            case "off" -> true;
            default -> throw new UsageError("--passwords: on or off");
        })));
        store.update(Keys.org(org), set, "org " + org);
        orgShowAfter(org);
    }

    /** The org's logo (a plain https image URL) and accent colour (#rrggbb) on its pages. */
    private static void branding(Args args, Map<String, AttributeValue> item) {
        args.option("logo-url").ifPresent(url -> {
            if (Brand.logoUrl(url) == null) {
                throw new UsageError("--logo-url must be an https image URL without query, quotes or spaces");
            }
            item.put("logo_url", Attrs.s(url));
        });
        args.option("accent").ifPresent(colour -> {
            if (!Brand.accent(colour)) {
                throw new UsageError("--accent must be a colour #rrggbb");
            }
            item.put("accent", Attrs.s(colour.toLowerCase(java.util.Locale.ROOT)));
        });
    }

    private void orgEnabled(Args args, boolean enabled) {
        String org = namedOrg(args.words("org " + (enabled ? "enable" : "disable") + " ORG", 3).get(2));
        only(args);
        store.update(Keys.org(org), Map.of("disabled", Attrs.bool(!enabled)), "org " + org);
        orgShowAfter(org);
    }

    private void orgShowAfter(String org) {
        output.record(orgFields(store.get(Keys.org(org)).orElseThrow(() -> new Refused("org " + org + " does not exist"))));
    }

    /** {@code --code-ttl}, {@code --interval} and {@code --user-code-format}: device settings of an org or a client (SPEC §4). */
    private static void deviceSettings(Args args, Map<String, AttributeValue> into) {
        args.option("code-ttl").ifPresent(t -> into.put("code_ttl_s", Attrs.n(Inputs.seconds("--code-ttl", t, dev.cliauth.org.Rules.MIN_CODE_TTL, dev.cliauth.org.Rules.MAX_CODE_TTL))));
        args.option("interval").ifPresent(t -> into.put("interval_s", Attrs.n(Inputs.seconds("--interval", t, dev.cliauth.org.Rules.MIN_INTERVAL, dev.cliauth.org.Rules.MAX_INTERVAL))));
        args.option("user-code-format").ifPresent(f -> into.put("user_code_format", Attrs.s(Inputs.userCodeFormat(f).spec())));
    }

    /** {@code --reauth-after}: how long after a sign-in Approve asks for the password again (SPEC §6). */
    private static void reauthAfter(Args args, Map<String, AttributeValue> into) {
        args.option("reauth-after").ifPresent(t -> into.put("reauth_s",
                Attrs.n(Inputs.seconds("--reauth-after", t, dev.cliauth.org.Rules.MIN_REAUTH, dev.cliauth.org.Rules.MAX_REAUTH))));
    }

    /** {@code --audit-retention}: how long the org's audit events are kept (SPEC §13). */
    private static void auditRetention(Args args, Map<String, AttributeValue> into) {
        args.option("audit-retention").ifPresent(t -> into.put("audit_retention_s",
                Attrs.n(Inputs.seconds("--audit-retention", t, Duration.ofDays(1), Duration.ofDays(3650)))));
    }

    /** The entropy of a stored user-code format, shown beside it so an operator sees what was checked. */
    private static void entropy(Map<String, AttributeValue> item, Map<String, Object> out) {
        UserCodeFormat format = UserCodeFormat.stored(Attrs.str(item, "user_code_format"));
        if (format != null) {
            out.put("user_code_entropy_bits", java.math.BigDecimal.valueOf(format.entropyBits())
                    .setScale(1, java.math.RoundingMode.HALF_UP));
        }
    }

    /** An org the tool may write: any well-formed id but {@code default}, which exists without a record. */
    private static String namedOrg(String id) {
        String org = Inputs.org(id);
        if (OrgId.DEFAULT.equals(org)) {
            throw new UsageError("org default always exists and has no record to write");
        }
        return org;
    }

    private static Map<String, Object> defaultOrg() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("org", OrgId.DEFAULT);
        out.put("name", "Default");
        out.put("disabled", false);
        out.put("paths", "/ (the standard paths)");
        return out;
    }

    private static Map<String, Object> orgFields(Map<String, AttributeValue> item) {
        Map<String, Object> out = AdminStore.shown(item);
        entropy(item, out);
        out.put("paths", OrgPaths.prefix(Attrs.str(item, Keys.ORG)) + "/");
        return out;
    }

    // ------------------------------------------------------------------------------ clients

    private void clientCreate(Args args) {
        List<String> w = args.words("client create ORG CLIENT_ID --name NAME [--confidential] [--scopes S]"
                + " [--code-ttl D] [--interval D] [--user-code-format F]", 4);
        String org = Inputs.org(w.get(2));
        String clientId = Inputs.clientId(w.get(3));
        String name = Inputs.name("client", required(args, "name"));
        only(args, "name", "confidential", "scopes", "code-ttl", "interval", "user-code-format", "refresh-tokens",
                "third-party");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.client(org, clientId)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.clientList(org)));
        item.put(Keys.ORG_SORT, Attrs.s(clientId));
        item.put("client_id", Attrs.s(clientId));
        item.put("name", Attrs.s(name));
        item.put("scopes", Attrs.list(Inputs.scopes(args.option("scopes").orElse(DEFAULT_SCOPES))));
        deviceSettings(args, item);
        item.put("refresh_policy", Attrs.s(Inputs.refreshPolicy(args.option("refresh-tokens").orElse("offline_access"))));
        item.put("third_party", Attrs.bool(args.flag("third-party")));
        item.put("disabled", Attrs.bool(false));
        item.put("created_at", Attrs.n(clock.millis()));
        String secret = null;
        if (args.flag("confidential")) {
            secret = DeviceCode.generate(random);
            item.put("secret_sha256", Attrs.s(DeviceCode.hash(secret)));
        }
        store.create(org, item, "client " + clientId + " in org " + org);
        Map<String, Object> fields = clientFields(item);
        if (secret != null) {
            fields.put("client_secret", secret);
        }
        output.record(fields);
        if (secret != null) {
            output.note("The client secret is shown this once: cliauth keeps only its SHA-256. Store it now;"
                    + " 'client rotate-secret' makes a new one.");
        }
    }

    private void clientList(Args args) {
        String org = Inputs.org(args.words("client list ORG", 3).get(2));
        only(args);
        output.list("clients", store.list("CLIENT#" + org + "#").stream().map(Admin::clientFields).toList());
    }

    private void clientShow(Args args) {
        List<String> w = args.words("client show ORG CLIENT_ID", 4);
        only(args);
        output.record(clientFields(client(w.get(2), w.get(3))));
    }

    private void clientUpdate(Args args) {
        List<String> w = args.words("client update ORG CLIENT_ID [--name NAME] [--scopes S] [--code-ttl D] [--interval D]", 4);
        String org = Inputs.org(w.get(2));
        String clientId = Inputs.clientId(w.get(3));
        only(args, "name", "scopes", "code-ttl", "interval", "user-code-format", "refresh-tokens", "party");
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        args.option("name").ifPresent(n -> set.put("name", Attrs.s(Inputs.name("client", n))));
        args.option("scopes").ifPresent(s -> set.put("scopes", Attrs.list(Inputs.scopes(s))));
        deviceSettings(args, set);
        args.option("refresh-tokens").ifPresent(p -> set.put("refresh_policy", Attrs.s(Inputs.refreshPolicy(p))));
        args.option("party").ifPresent(p -> set.put("third_party", Attrs.bool(Inputs.thirdParty(p))));
        store.update(Keys.client(org, clientId), set, "client " + clientId + " in org " + org);
        output.record(clientFields(client(org, clientId)));
    }

    private void clientEnabled(Args args, boolean enabled) {
        List<String> w = args.words("client " + (enabled ? "enable" : "disable") + " ORG CLIENT_ID", 4);
        String org = Inputs.org(w.get(2));
        String clientId = Inputs.clientId(w.get(3));
        only(args);
        store.update(Keys.client(org, clientId), Map.of("disabled", Attrs.bool(!enabled)), "client " + clientId + " in org " + org);
        output.record(clientFields(client(org, clientId)));
    }

    private void clientRotateSecret(Args args) {
        List<String> w = args.words("client rotate-secret ORG CLIENT_ID", 4);
        String org = Inputs.org(w.get(2));
        String clientId = Inputs.clientId(w.get(3));
        only(args);
        if (client(org, clientId).get("secret_sha256") == null) {
            throw new Refused("client " + clientId + " is public: it has no secret to rotate");
        }
        String secret = DeviceCode.generate(random);
        store.update(Keys.client(org, clientId), Map.of("secret_sha256", Attrs.s(DeviceCode.hash(secret))),
                "client " + clientId + " in org " + org);
        Map<String, Object> fields = clientFields(client(org, clientId));
        fields.put("client_secret", secret);
        output.record(fields);
        output.note("The new secret is shown this once; the old one no longer works.");
    }

    private Map<String, AttributeValue> client(String org, String clientId) {
        String o = Inputs.org(org);
        String id = Inputs.clientId(clientId);
        return store.get(Keys.client(o, id)).orElseThrow(() -> new Refused("client " + id + " does not exist in org " + o));
    }

    private static Map<String, Object> clientFields(Map<String, AttributeValue> item) {
        Map<String, Object> out = AdminStore.shown(item);
        entropy(item, out);
        out.put("type", item.get("secret_sha256") == null ? "public" : "confidential");
        return out;
    }

    // ------------------------------------------------------------------------------ users

    private void userCreate(Args args) {
        List<String> w = args.words("user create ORG EMAIL --name NAME [--email-verified] [--password-stdin]", 4);
        String org = Inputs.org(w.get(2));
        String email = Inputs.email(w.get(3));
        String name = Inputs.name("user", required(args, "name"));
        only(args, "name", "password-stdin", "email-verified");
        if (store.get(Keys.user(org, email)).isPresent()) {
            throw new Refused("user " + email + " in org " + org + " already exists");
        }
        String password = Inputs.password(passwords.read(args.flag("password-stdin")));
        byte[] subject = new byte[16];
        random.nextBytes(subject);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.user(org, email)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put(Keys.ORG_LIST, Attrs.s(Keys.userList(org)));
        item.put(Keys.ORG_SORT, Attrs.s(email));
        item.put("subject", Attrs.s("usr_" + HexFormat.of().formatHex(subject)));
        item.put("email", Attrs.s(email));
        item.put("name", Attrs.s(name));
        item.put("password_hash", Attrs.s(Passwords.hash(password, Passwords.COST)));
        item.put("email_verified", Attrs.bool(args.flag("email-verified")));
        item.put("disabled", Attrs.bool(false));
        item.put("created_at", Attrs.n(clock.millis()));
        store.create(org, item, "user " + email + " in org " + org);
        output.record(AdminStore.shown(item));
    }

    private void userList(Args args) {
        String org = Inputs.org(args.words("user list ORG", 3).get(2));
        only(args);
        output.list("users", store.list("USER#" + org + "#").stream().map(AdminStore::shown).toList());
    }

    private void userShow(Args args) {
        List<String> w = args.words("user show ORG EMAIL", 4);
        only(args);
        output.record(AdminStore.shown(user(w.get(2), w.get(3))));
    }

    private void userSetPassword(Args args) {
        List<String> w = args.words("user set-password ORG EMAIL [--password-stdin]", 4);
        String org = Inputs.org(w.get(2));
        String email = Inputs.email(w.get(3));
        only(args, "password-stdin");
        if (user(org, email).containsKey(AccountRepository.UPSTREAM_SUB)) {
            throw new Refused("user " + email + " signs in with the org's company sign-in and has no password");
        }
        String password = Inputs.password(passwords.read(args.flag("password-stdin")));
        // A new password signs every browser out: the account's sessions go in the same write.
        store.update(Keys.user(org, email), Map.of("password_hash", Attrs.s(Passwords.hash(password, Passwords.COST)),
                "password_changed_at", Attrs.n(clock.millis())), List.of("sessions"), "user " + email + " in org " + org);
        output.record(AdminStore.shown(user(org, email)));
    }

    private void userEnabled(Args args, boolean enabled) {
        List<String> w = args.words("user " + (enabled ? "enable" : "disable") + " ORG EMAIL", 4);
        String org = Inputs.org(w.get(2));
        String email = Inputs.email(w.get(3));
        only(args);
        store.update(Keys.user(org, email), Map.of("disabled", Attrs.bool(!enabled)),
                enabled ? List.of() : List.of("sessions"), "user " + email + " in org " + org);
        output.record(AdminStore.shown(user(org, email)));
    }

    /** An org admin sees and revokes every account's devices on the pages; a user only their own. */
    private void userSetRole(Args args) {
        List<String> w = args.words("user set-role ORG EMAIL admin|user", 5);
        String org = Inputs.org(w.get(2));
        String email = Inputs.email(w.get(3));
        String role = w.get(4);
        only(args);
        user(org, email);
        switch (role) {
            case AccountRepository.ROLE_ADMIN -> store.update(Keys.user(org, email),
                    Map.of(AccountRepository.ROLE, Attrs.s(AccountRepository.ROLE_ADMIN)), "user " + email + " in org " + org);
            case "user" -> store.remove(Keys.user(org, email), AccountRepository.ROLE, "user " + email + " in org " + org);
            default -> throw new UsageError("role must be admin or user");
        }
        output.record(AdminStore.shown(user(org, email)));
    }

    private Map<String, AttributeValue> user(String org, String email) {
        String o = Inputs.org(org);
        String e = Inputs.email(email);
        return store.get(Keys.user(o, e)).orElseThrow(() -> new Refused("user " + e + " does not exist in org " + o));
    }

    // ------------------------------------------------------------------------------ webhooks

    /**
     * Sets the org's webhook: where its audit events go ("this wasn't me" and refresh-token reuse
     * always; {@code --events} names the lifecycle events besides, or {@code all}). A new signing
     * secret is made when the org has none or {@code --new-secret} is given, and printed this once.
     */
    private void webhookSet(Args args) {
        String org = Inputs.org(args.words("webhook set ORG --url URL [--events \"approved denied ...\"|all] [--new-secret]", 3)
                .get(2));
        only(args, "url", "events", "new-secret");
        String url = required(args, "url");
        if (!WebhookTargets.allowed(url)) {
            throw new UsageError("--url must be an https URL (http only to 127.0.0.1 or localhost), without user info or fragment");
        }
        List<String> events = new ArrayList<>();
        for (String e : args.option("events").orElse("").trim().split("[\\s,]+")) {
            if (e.isEmpty()) {
                continue;
            }
            if (!e.equals("all") && java.util.Arrays.stream(AuditEventType.values()).noneMatch(t -> t.id().equals(e))) {
                throw new UsageError("unknown event " + e + "; one of all, " + String.join(", ",
                        java.util.Arrays.stream(AuditEventType.values()).map(AuditEventType::id).toList()));
            }
            events.add(e);
        }
        Optional<Map<String, AttributeValue>> existing = store.get(Keys.webhook(org));
        boolean newSecret = args.flag("new-secret") || existing.isEmpty() || !existing.get().containsKey("secret");
        String secret = newSecret ? WebhookSignature.newSecret(random) : existing.get().get("secret").s();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.webhook(org)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put("url", Attrs.s(url));
        item.put("secret", Attrs.s(secret));
        item.put("events", Attrs.list(events));
        item.put("updated_at", Attrs.n(clock.millis()));
        store.replace(org, item, "webhook of org " + org);
        Map<String, Object> shown = webhookFields(item);
        if (newSecret) {
            shown.put("secret", secret);
            output.note("The signing secret is shown this once; give it to the receiver now.");
        }
        output.record(shown);
    }

    private void webhookShow(Args args) {
        String org = Inputs.org(args.words("webhook show ORG", 3).get(2));
        only(args);
        output.record(webhookFields(store.get(Keys.webhook(org))
                .orElseThrow(() -> new Refused("org " + org + " has no webhook"))));
    }

    private void webhookRemove(Args args) {
        String org = Inputs.org(args.words("webhook remove ORG", 3).get(2));
        only(args);
        store.delete(Keys.webhook(org), "webhook of org " + org);
        output.record(Map.of("org", org, "webhook", "removed"));
    }

    private static Map<String, Object> webhookFields(Map<String, AttributeValue> item) {
        Map<String, Object> out = AdminStore.shown(item);
        out.put("secret", item.containsKey("secret") ? "set (not shown)" : "none");
        return out;
    }

    // ------------------------------------------------------------------------------ company sign-in

    /**
     * Configures the org's company sign-in. The provider's discovery document is read now: it must
     * name exactly this issuer, and its authorization endpoint is recorded (the pages allow their
     * forms to lead there, and refuse a provider that later names another).
     */
    private void upstreamSet(Args args) {
        String org = Inputs.org(args.words("upstream set ORG --issuer URL --client-id ID --domains \"D ...\" [--name NAME]"
                + " [--client-secret-stdin]", 3).get(2));
        only(args, "issuer", "client-id", "domains", "name", "client-secret-stdin");
        String issuer = required(args, "issuer");
        if (!UpstreamConfig.acceptableEndpoint(issuer) || issuer.contains("?")) {
            throw new UsageError("--issuer must be an https URL without query or fragment (http only on localhost)");
        }
        String clientId = Inputs.upstreamClientId(required(args, "client-id"));
        List<String> domains = Inputs.domains(required(args, "domains"));
        String name = Inputs.name("upstream", args.option("name").orElse("your company"));
        String secret = args.flag("client-secret-stdin") ? new String(passwords.read(true)).strip() : null;
        if (secret != null && (secret.isEmpty() || secret.length() > 512)) {
            throw new UsageError("the client secret must be 1-512 characters");
        }
        String authorizationEndpoint = discover(issuer);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.upstream(org)));
        item.put(Keys.ORG, Attrs.s(org));
        item.put("name", Attrs.s(name));
        item.put("issuer", Attrs.s(issuer));
        item.put("authorization_endpoint", Attrs.s(authorizationEndpoint));
        item.put("client_id", Attrs.s(clientId));
        if (secret != null) {
            item.put("client_secret", Attrs.s(secret));
        }
        item.put("domains", Attrs.list(domains));
        item.put("updated_at", Attrs.n(clock.millis()));
        store.replace(org, item, "company sign-in of org " + org);
        output.record(upstreamFields(item));
    }

    private void upstreamShow(Args args) {
        String org = Inputs.org(args.words("upstream show ORG", 3).get(2));
        only(args);
        output.record(upstreamFields(store.get(Keys.upstream(org))
                .orElseThrow(() -> new Refused("org " + org + " has no company sign-in"))));
    }

    private void upstreamRemove(Args args) {
        String org = Inputs.org(args.words("upstream remove ORG", 3).get(2));
        only(args);
        store.delete(Keys.upstream(org), "company sign-in of org " + org);
        output.record(Map.of("org", org, "upstream", "removed"));
    }

    private static Map<String, Object> upstreamFields(Map<String, AttributeValue> item) {
        Map<String, Object> out = AdminStore.shown(item);
        out.put("client_secret", item.containsKey("client_secret") ? "set (not shown)" : "none (public client)");
        return out;
    }

    /** The authorization endpoint of {@code issuer}'s discovery document, after checking it names that issuer. */
    private static String discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Refused("the discovery document of " + issuer + " answered " + response.statusCode());
            }
            Map<String, Object> doc = com.nimbusds.jose.util.JSONObjectUtils.parse(response.body());
            if (!issuer.equals(doc.get("issuer"))) {
                throw new Refused("the discovery document names issuer " + Inputs.printable(String.valueOf(doc.get("issuer")))
                        + ", not " + issuer + ": give exactly the issuer it names");
            }
            Object endpoint = doc.get("authorization_endpoint");
            if (!(endpoint instanceof String e) || !UpstreamConfig.acceptableEndpoint(e)) {
                throw new Refused("the discovery document of " + issuer + " has no https authorization_endpoint");
            }
            return e;
        } catch (java.io.IOException | java.text.ParseException e) {
            throw new Refused("could not read the discovery document of " + issuer + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    // ------------------------------------------------------------------------------ audit

    /**
     * The org's audit events, newest first, filtered by event, email, client and age. Events are
     * items {@code AUDIT#<org>#<time>#...}, read with the same paged Scan as the other lists.
     */
    private void auditList(Args args) {
        String org = Inputs.org(args.words("audit list ORG [--event E] [--email E] [--client ID] [--since D] [--limit N]", 3)
                .get(2));
        only(args, "event", "email", "client", "since", "limit");
        String event = args.option("event").map(Inputs::auditEvent).orElse(null);
        String email = args.option("email").map(e -> e.trim().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        String client = args.option("client").map(Inputs::clientId).orElse(null);
        long since = args.option("since").map(d -> clock.millis() - 1000 * Inputs.seconds("--since", d,
                Duration.ofMinutes(1), Duration.ofDays(3650))).orElse(0L);
        int limit = args.option("limit").map(Inputs::limit).orElse(100);
        List<Map<String, AttributeValue>> items = new ArrayList<>(store.list("AUDIT#" + org + "#"));
        java.util.Collections.reverse(items);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            if (out.size() >= limit) {
                break;
            }
            if ((event != null && !event.equals(Attrs.str(item, "event")))
                    || (email != null && !email.equals(Attrs.str(item, "email")))
                    || (client != null && !client.equals(Attrs.str(item, "client_id")))
                    || Attrs.num(item, "at", 0) < since) {
                continue;
            }
            Map<String, Object> shown = AdminStore.shown(item);
            shown.remove(Keys.TTL);
            shown.put("at", java.time.Instant.ofEpochMilli(Attrs.num(item, "at", 0)).toString());
            shown.put("kept_until", java.time.Instant.ofEpochSecond(Attrs.num(item, Keys.TTL, 0)).toString());
            out.add(shown);
        }
        output.list("events", out);
    }

    // ------------------------------------------------------------------------------ options

    private static String required(Args args, String option) {
        return args.option(option).orElseThrow(() -> new UsageError("--" + option + " is required"));
    }

    /** Refuses the command options this command does not take. */
    private static void only(Args args, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String option : COMMAND_OPTIONS) {
            if (!ok.contains(option) && args.option(option).isPresent()) {
                throw new UsageError("--" + option + " does not apply to this command");
            }
        }
        for (String flag : COMMAND_FLAGS) {
            if (!ok.contains(flag) && args.flag(flag)) {
                throw new UsageError("--" + flag + " does not apply to this command");
            }
        }
    }
}
