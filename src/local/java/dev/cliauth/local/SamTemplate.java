package dev.cliauth.local;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code template.yaml}, the single source of truth for routes → handlers and for the table,
 * so local mode and tests never repeat either.
 */
public final class SamTemplate {

    /** One HTTP API route of a function. */
    public record Route(String method, String path, String handlerClass, String function) {
    }

    private final Map<String, Object> resources;
    private final Map<String, Object> globals;

    private SamTemplate(Map<String, Object> root) {
        this.resources = map(root.get("Resources"));
        this.globals = map(root.get("Globals"));
    }

    public static SamTemplate load() {
        return load(locate());
    }

    public static SamTemplate load(Path path) {
        Yaml yaml = new Yaml(new CloudFormationTags());
        try (InputStream in = Files.newInputStream(path)) {
            return new SamTemplate(yaml.load(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** template.yaml in the working directory or one of its parents. */
    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found from " + Path.of("").toAbsolutePath());
    }

    /** Every HttpApi event of every serverless function. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Map<String, Object> globals = Map.of();
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> r = map(resource.getValue());
            if (!"AWS::Serverless::Function".equals(r.get("Type"))) {
                continue;
            }
            Map<String, Object> props = map(r.get("Properties"));
            String handler = String.valueOf(props.get("Handler"));
            String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            for (Object event : map(props.get("Events")).values()) {
                Map<String, Object> e = map(event);
                if (!"HttpApi".equals(e.get("Type"))) {
                    continue;
                }
                Map<String, Object> ep = map(e.get("Properties"));
                routes.add(new Route(String.valueOf(ep.get("Method")).toUpperCase(), String.valueOf(ep.get("Path")),
                        handlerClass, resource.getKey()));
            }
        }
        return routes;
    }

    /** How long the function {@code function} may run ({@code Timeout}: its own, else the globals'). */
    public java.time.Duration timeout(String function) {
        Object own = map(map(resources.get(function)).get("Properties")).get("Timeout");
        Object timeout = own != null ? own : map(map(globals.get("Function"))).get("Timeout");
        if (!(timeout instanceof Number seconds)) {
            throw new IllegalStateException("template.yaml gives " + function + " no Timeout");
        }
        return java.time.Duration.ofSeconds(seconds.longValue());
    }

    /** The CreateTable request for the table resource, named {@code tableName}. */
    public CreateTableRequest table(String tableName) {
        Map<String, Object> props = null;
        for (Object resource : resources.values()) {
            Map<String, Object> r = map(resource);
            if ("AWS::DynamoDB::Table".equals(r.get("Type"))) {
                props = map(r.get("Properties"));
            }
        }
        if (props == null) {
            throw new IllegalStateException("template.yaml has no AWS::DynamoDB::Table");
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(props.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(str(a, "AttributeName")).attributeType(str(a, "AttributeType")).build())
                        .toList())
                .keySchema(keySchema(props.get("KeySchema")));
        List<Map<String, Object>> gsis = list(props.get("GlobalSecondaryIndexes"));
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis.stream().map(g -> GlobalSecondaryIndex.builder()
                    .indexName(str(g, "IndexName"))
                    .keySchema(keySchema(g.get("KeySchema")))
                    .projection(projection(map(g.get("Projection"))))
                    .build()).toList());
        }
        return b.build();
    }

    /** The TTL attribute of the table resource. */
    public String ttlAttribute() {
        for (Object resource : resources.values()) {
            Map<String, Object> r = map(resource);
            if ("AWS::DynamoDB::Table".equals(r.get("Type"))) {
                return str(map(map(r.get("Properties")).get("TimeToLiveSpecification")), "AttributeName");
            }
        }
        throw new IllegalStateException("no table");
    }

    /** The index projection, with its {@code NonKeyAttributes} when it is INCLUDE. */
    private static Projection projection(Map<String, Object> p) {
        Projection.Builder b = Projection.builder().projectionType(str(p, "ProjectionType"));
        if (p.get("NonKeyAttributes") instanceof List<?> names) {
            b.nonKeyAttributes(names.stream().map(String::valueOf).toList());
        }
        return b.build();
    }

    private static List<KeySchemaElement> keySchema(Object o) {
        return list(o).stream().map(k -> KeySchemaElement.builder()
                .attributeName(str(k, "AttributeName")).keyType(str(k, "KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalStateException("template.yaml: missing " + key);
        }
        return v.toString();
    }

    /** Maps {@code !Ref}, {@code !GetAtt}, {@code !Sub} ... to their {@code Fn::} forms. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String fn = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode s) {
                        value = constructScalar(s);
                    } else if (node instanceof SequenceNode s) {
                        value = constructSequence(s);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn, value);
                }
            });
        }
    }
}
