package dev.cliauth.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/README.md's {@code sam local} recipe builds the table template.yaml declares (a table
 * with another index projection would hide the bugs of reading an attribute the index lacks), on
 * the 127.0.0.1 endpoint infra/env.json gives the functions.
 */
class SamLocalRecipeTest {

    private final Path root = SamTemplate.locate().getParent();
    private final CreateTableRequest table = SamTemplate.load().table("cliauth-local");

    private String read(String file) throws IOException {
        return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in infra/README.md", regex).isTrue();
        return m.group(1);
    }

    @Test
    void createTableRecipeHasTheTemplatesIndexAndProjection() throws IOException {
        String recipe = find(read("infra/README.md"), "(aws dynamodb create-table [^`]*?)\n\\S*(?:aws dynamodb update|```)");
        List<String> recipeIndexes = Pattern.compile("'(IndexName=[^']*)'").matcher(recipe).results().map(r -> r.group(1)).toList();
        assertThat(recipeIndexes).as("every index of template.yaml, in its order").hasSameSizeAs(table.globalSecondaryIndexes());
        for (int i = 0; i < recipeIndexes.size(); i++) {
            GlobalSecondaryIndex index = table.globalSecondaryIndexes().get(i);
            String indexRecipe = recipeIndexes.get(i);
            assertThat(find(indexRecipe, "IndexName=([^,]+),")).isEqualTo(index.indexName());
            List<String> keys = Pattern.compile("\\{AttributeName=([^,]+),KeyType=(HASH|RANGE)}")
                    .matcher(find(indexRecipe, "KeySchema=\\[([^\\]]*)]")).results().map(r -> r.group(1) + " " + r.group(2)).toList();
            assertThat(keys).as("the keys of index %s", index.indexName()).containsExactlyElementsOf(index.keySchema().stream()
                    .map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList());
            assertThat(find(indexRecipe, "ProjectionType=([A-Z_]+)")).isEqualTo(index.projection().projectionTypeAsString());
            if (index.projection().hasNonKeyAttributes()) {
                assertThat(List.of(find(indexRecipe, "NonKeyAttributes=\\[([^\\]]*)]").split(",")))
                        .containsExactlyElementsOf(index.projection().nonKeyAttributes());
            }
            index.keySchema().forEach(k -> assertThat(recipe).contains("AttributeName=" + k.attributeName() + ",AttributeType=S"));
        }
        assertThat(find(recipe, "--key-schema AttributeName=([^,]+),KeyType=HASH")).isEqualTo(
                table.keySchema().get(0).attributeName());
    }

    @Test
    void recipeAndFunctionsUseTheLoopbackEndpoint() throws IOException {
        String readme = read("infra/README.md");
        String env = read("infra/env.json");

        assertThat(find(readme, "create-table --endpoint-url (\\S+)")).isEqualTo("http://127.0.0.1:8000");
        assertThat(readme).contains("sam local invoke TokenFunction -e infra/events/jwks.json --env-vars infra/env.json"
                + " --docker-network host");
        assertThat(Pattern.compile("\"CLIAUTH_DYNAMODB_ENDPOINT\": \"([^\"]+)\"").matcher(env).results()
                .map(r -> r.group(1)).toList()).hasSize(5).containsOnly("http://127.0.0.1:8000");
        assertThat(read("infra/samconfig.toml")).contains("docker_network = \"host\"");
    }
}
