package org.tokensuite.lifecycle.scim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserFilterTest {

    @Test
    void readsTheEqualityFiltersIdentityProvidersSend() {
        assertThat(UserFilter.parse("userName eq \"emp-4711\""))
                .isEqualTo(new UserFilter(UserFilter.Attribute.USER_NAME, "emp-4711"));
        assertThat(UserFilter.parse("externalId eq \"00u1ab2cd\""))
                .isEqualTo(new UserFilter(UserFilter.Attribute.EXTERNAL_ID, "00u1ab2cd"));
        assertThat(UserFilter.parse("id eq \"emp-4711\"")).isEqualTo(new UserFilter(UserFilter.Attribute.ID, "emp-4711"));
    }

    @Test
    void attributeNamesAndTheOperatorAreCaseInsensitiveAndMayCarryTheSchemaUrn() {
        assertThat(UserFilter.parse("USERNAME EQ \"a\"").attribute()).isEqualTo(UserFilter.Attribute.USER_NAME);
        assertThat(UserFilter.parse("externalid Eq \"a\"").attribute()).isEqualTo(UserFilter.Attribute.EXTERNAL_ID);
        assertThat(UserFilter.parse("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\"").attribute())
                .isEqualTo(UserFilter.Attribute.USER_NAME);
    }

    @Test
    void theValueIsAJsonStringWithItsEscapesAndSurroundingSpacesAreFine() {
        assertThat(UserFilter.parse("  userName  eq  \"a\\\"b\\\\c\\/d\\u00e9\"  ").value()).isEqualTo("a\"b\\c/dé");
        assertThat(UserFilter.parse("userName eq \"\"").value()).isEmpty();
        assertThat(UserFilter.parse("userName eq \"Zoë Ådahl\"").value()).isEqualTo("Zoë Ådahl");
    }

    @Test
    void noFilterMeansEveryUser() {
        assertThat(UserFilter.parse(null)).isNull();
    }

    @Test
    void refusesEveryOtherOperatorAttributeOrCombinationAsInvalidFilter() {
        for (String filter : new String[]{
                "userName co \"a\"", "userName sw \"a\"", "userName ne \"a\"", "userName pr",
                "userName eq \"a\" and externalId eq \"b\"", "userName eq \"a\" or userName eq \"b\"",
                "not (userName eq \"a\")", "(userName eq \"a\")", "emails[type eq \"work\"].value eq \"a\"",
                "title eq \"a\"", "displayName eq \"a\"", "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
                "userName eq a", "userName eq true", "userName eq null", "userName eq \"a", "userName eq \"a\\",
                "userName eq \"a\\u00\"", "userName eq \"a\\n\"", "userName eq\"a\"", "userNameeq \"a\"", "",
                "   ", "eq \"a\"", "userName"}) {
            assertThatThrownBy(() -> UserFilter.parse(filter)).as(filter)
                    .isInstanceOfSatisfying(ScimRequestRefused.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).isEqualTo("invalidFilter");
                    });
        }
    }

    @Test
    void refusesControlCharactersInTheFilterOrSmuggledInThroughAnEscape() {
        for (String filter : new String[]{"userName eq \"a\u001bb\"", "userName eq \"a\\u000ab\"", "userName eq \"\\ud800\"",
                "userName eq \"" + "a".repeat(600) + "\""}) {
            assertThatThrownBy(() -> UserFilter.parse(filter)).as(filter)
                    .isInstanceOfSatisfying(ScimRequestRefused.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        }
    }
}
