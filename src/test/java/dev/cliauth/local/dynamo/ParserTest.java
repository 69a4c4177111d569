package dev.cliauth.local.dynamo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expression parser: precedence, placeholders, document paths, update clauses and what it refuses. */
class ParserTest {

    private static Condition condition(String text) {
        return Parser.condition(text, "ConditionExpression").tree();
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        Condition c = condition("NOT a = :x AND b = :y OR c = :z");
        assertThat(c).isInstanceOf(Condition.Or.class);
        Condition.Or or = (Condition.Or) c;
        assertThat(or.left()).isInstanceOf(Condition.And.class);
        assertThat(((Condition.And) or.left()).left()).isInstanceOf(Condition.Not.class);
        assertThat(or.right()).isInstanceOf(Condition.Compare.class);
    }

    @Test
    void parenthesesGroup() {
        Condition c = condition("attribute_exists(pk) AND (attribute_not_exists(disabled) OR disabled = :false)");
        assertThat(c).isInstanceOf(Condition.And.class);
        assertThat(((Condition.And) c).right()).isInstanceOf(Condition.Or.class);
    }

    @Test
    void keywordsAreCaseInsensitiveButFunctionNamesAreNot() {
        assertThat(condition("a = :x and b = :y")).isInstanceOf(Condition.And.class);
        assertThat(condition("a BeTwEeN :x aNd :y")).isInstanceOf(Condition.Between.class);
        assertThatThrownBy(() -> condition("ATTRIBUTE_EXISTS(a)")).isInstanceOf(DynamoException.class)
                .hasMessageContaining("Invalid function name");
    }

    @Test
    void placeholdersAreCollected() {
        Expression<Condition> e = Parser.condition("#a.b[2].#c = :v AND size(#d) > :n", "ConditionExpression");
        assertThat(e.names()).containsExactlyInAnyOrder("#a", "#c", "#d");
        assertThat(e.values()).containsExactlyInAnyOrder(":v", ":n");
        Condition.Compare first = (Condition.Compare) ((Condition.And) e.tree()).left();
        assertThat(((Operand.PathRef) first.left()).path().steps())
                .containsExactly(new Path.Name("#a"), new Path.Name("b"), 2, new Path.Name("#c"));
    }

    @Test
    void reservedWordAsBareNameIsRefusedAnyCase() {
        for (String word : List.of("status", "NAME", "Ttl", "user")) {
            assertThatThrownBy(() -> condition(word + " = :x")).isInstanceOf(DynamoException.class)
                    .hasMessageContaining("reserved keyword: " + word);
        }
        assertThat(ReservedWords.count()).isEqualTo(573);
    }

    @Test
    void syntaxErrorsNameTheToken() {
        assertThatThrownBy(() -> condition("a = = :x")).hasMessageContaining("Syntax error; token: \"=\"");
        assertThatThrownBy(() -> condition("a = :x AND")).hasMessageContaining("Syntax error; token: \"<EOF>\"");
        assertThatThrownBy(() -> condition("(a = :x")).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> condition("a = :x)")).hasMessageContaining("Syntax error; token: \")\"");
        assertThatThrownBy(() -> condition("a ! :x")).hasMessageContaining("Syntax error; token: \"!\"");
        assertThatThrownBy(() -> condition("size(a)")).hasMessageContaining("Syntax error");
    }

    @Test
    void functionArityAndPathArgumentsAreChecked() {
        assertThatThrownBy(() -> condition("attribute_exists(a, b)")).hasMessageContaining("Incorrect number of operands");
        assertThatThrownBy(() -> condition("begins_with(:x, a)")).hasMessageContaining("requires a document path");
    }

    @Test
    void updateClausesInAnyOrderEachOnce() {
        Update u = Parser.update("ADD e :z SET a = b + :x, c = if_not_exists(c, :y), l = list_append(l, :l)"
                + " REMOVE d, g[1] DELETE f :w").tree();
        assertThat(u.sets()).hasSize(3);
        assertThat(u.sets().get(0).value()).isInstanceOf(Operand.Arithmetic.class);
        assertThat(u.sets().get(1).value()).isInstanceOf(Operand.IfNotExists.class);
        assertThat(u.sets().get(2).value()).isInstanceOf(Operand.ListAppend.class);
        assertThat(u.removes()).hasSize(2);
        assertThat(u.adds()).hasSize(1);
        assertThat(u.deletes()).hasSize(1);
        assertThatThrownBy(() -> Parser.update("SET a = :x REMOVE b SET c = :y")).hasMessageContaining("only be used once");
        assertThatThrownBy(() -> Parser.update("ADD a b")).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> Parser.update("")).hasMessageContaining("Syntax error");
    }

    @Test
    void parsedExpressionsAreSharedFromTheCache() {
        assertThat(Parser.condition("a = :cached", "ConditionExpression"))
                .isSameAs(Parser.condition("a = :cached", "ConditionExpression"));
    }
}
