package org.vigie.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.api.Problem;

/** A backing service that is down answers 503 with Retry-After; anything else unexpected a 500; both problem+json. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void a_refused_or_dropped_connection_or_a_restarting_database_is_unavailable() {
        assertThat(ProblemMappers.unavailable(new IllegalStateException("wrapped", new ConnectException("refused")))).isTrue();
        assertThat(ProblemMappers.unavailable(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(ProblemMappers.unavailable(new RuntimeException(new SQLException("connection failure", "08006")))).isTrue();
        assertThat(ProblemMappers.unavailable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(ProblemMappers.unavailable(new NullPointerException())).isFalse();
    }

    @Test
    void unavailable_is_a_503_with_retry_after_and_the_rest_a_500_both_problem_json() {
        Response down = mappers.unexpected(new RuntimeException(new ConnectException("refused")));
        assertThat(down.getStatus()).isEqualTo(503);
        assertThat(down.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(down.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Response bug = mappers.unexpected(new NullPointerException("secret value"));
        assertThat(bug.getStatus()).isEqualTo(500);
        assertThat(((Problem) bug.getEntity()).detail()).doesNotContain("secret");
    }
}
