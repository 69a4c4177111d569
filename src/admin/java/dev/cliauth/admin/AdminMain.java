package dev.cliauth.admin;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cliauth-admin}'s entry point: global options, the DynamoDB client (the operator's AWS
 * credentials from the SDK's default chain; fixed local ones for a loopback endpoint such as
 * local mode's engine), and the exit status: 0 done, 1 refused by the table, 2 a usage error.
 */
public final class AdminMain {

    private static final Set<String> GLOBAL_OPTIONS = Set.of("table", "region", "endpoint", "output");

    private AdminMain() {
    }

    public static void main(String[] argv) {
        Console console = System.console();
        int status = run(Arrays.asList(argv), System.getenv(), System.in, System.out, System.err, console == null ? null
                : (prompt -> console.readPassword("%s", prompt)));
        System.exit(status);
    }

    /** A terminal to ask for a password without echoing it. */
    @FunctionalInterface
    public interface Prompt {
        char[] ask(String prompt);
    }

    public static int run(List<String> argv, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err,
                   Prompt prompt) {
        if (argv.isEmpty() || argv.contains("--help") || argv.contains("-h")) {
            (argv.isEmpty() ? err : out).println(Admin.USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        try {
            Set<String> valued = new HashSet<>(GLOBAL_OPTIONS);
            valued.addAll(Admin.COMMAND_OPTIONS);
            Args args = Args.parse(argv, Admin.COMMAND_FLAGS, valued);
            List<String> words = args.words();
            if (words.size() < 2) {
                throw new UsageError(Admin.USAGE);
            }
            Output output = new Output(out, args.option("output").orElse("text"));
            String table = args.option("table").orElse(env.get("CLIAUTH_TABLE"));
            if (table == null || table.isBlank()) {
                throw new UsageError("no table: give --table (the stack's TableName output) or set CLIAUTH_TABLE");
            }
            try (DynamoDbClient dynamo = client(args, env)) {
                new Admin(dynamo, table, output, fromStdin -> password(fromStdin, stdin, prompt), new SecureRandom(),
                        Clock.systemUTC()).run(args, words.get(0), words.get(1));
            }
            return 0;
        } catch (UsageError e) {
            err.println("cliauth-admin: " + e.getMessage());
            return 2;
        } catch (Refused e) {
            err.println("cliauth-admin: " + e.getMessage() + "; nothing was changed");
            return 1;
        } catch (SdkException e) {
            err.println("cliauth-admin: DynamoDB: " + e.getClass().getSimpleName() + ": " + Inputs.printable(
                    String.valueOf(e.getMessage())) + "; nothing was changed");
            return 1;
        }
    }

    private static DynamoDbClient client(Args args, Map<String, String> env) {
        String endpoint = args.option("endpoint").orElse(env.get("CLIAUTH_DYNAMODB_ENDPOINT"));
        String region = args.option("region").orElse(env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")));
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        if (endpoint != null && !endpoint.isBlank()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--endpoint '" + Inputs.printable(endpoint) + "' is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new UsageError("--endpoint '" + Inputs.printable(endpoint) + "' is not a URL");
            }
            builder.endpointOverride(uri);
            if (isLoopback(uri.getHost())) {
                // cliauth's local engine checks no signature; an operator's real keys never go there.
                credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
                region = region == null ? "us-east-1" : region;
            }
        }
        if (region == null || region.isBlank()) {
            throw new UsageError("no region: give --region or set AWS_REGION");
        }
        return builder.region(Region.of(region)).credentialsProvider(credentials).build();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    /** A password from the first line of standard input, or typed twice at the prompt. */
    private static char[] password(boolean fromStdin, InputStream stdin, Prompt prompt) {
        if (fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new UsageError("--password-stdin: standard input had no password");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (prompt == null) {
            throw new UsageError("no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] first = prompt.ask("Password: ");
        char[] again = prompt.ask("Password again: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
            throw new UsageError("the two passwords differ");
        }
        return first;
    }
}
