package org.tokensuite.platform.problem;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypeTest {

    @Test
    void everyNamedStatusHasItsOwnType() {
        assertThat(ProblemType.forStatus(406).slug()).isEqualTo("not-acceptable");
        assertThat(ProblemType.forStatus(415).slug()).isEqualTo("unsupported-media-type");
        assertThat(ProblemType.forStatus(401).slug()).isEqualTo("unauthenticated");
        assertThat(ProblemType.forStatus(503).slug()).isEqualTo("unavailable");
        for (ProblemType type : ProblemType.values()) {
            assertThat(ProblemType.forStatus(type.status())).isSameAs(type);
        }
    }

    @Test
    void statusesWithoutATypeFallToTheNearestMeaning() {
        assertThat(ProblemType.forStatus(431)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(ProblemType.forStatus(418)).isEqualTo(ProblemType.INVALID_REQUEST);
        assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(ProblemType.forStatus(504)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(ProblemType.forStatus(501)).isEqualTo(ProblemType.INTERNAL);
    }

    @Test
    void aProblemKeepsItsStatusAndTakesTypeAndTitleFromTheVocabulary() {
        ProblemDetail problem = Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
        assertThat(problem.getStatus()).isEqualTo(431);
        assertThat(problem.getType().toString()).isEqualTo("https://tokensuite.org/problems/invalid-request");
        assertThat(problem.getTitle()).isEqualTo("Invalid request");
        assertThat(problem.getDetail()).isEqualTo("headers too large");
    }
}
