package org.tokensuite.lifecycle.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;
import org.tokensuite.lifecycle.support.TokenCommandDouble;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two token-command instances behind {@code lifecycle.command-url}: which one a command reaches, and how often. */
class UserLifecycleClientTest {

    private final String token = new TokenSecrets().generate();
    private final TokenCommandDouble first = new TokenCommandDouble(token);
    private final TokenCommandDouble second = new TokenCommandDouble(token);
    private final UserLifecycleClient client = new UserLifecycleClient(
            new CommandClientProperties(List.of(URI.create(first.url()), URI.create(second.url())), token, Duration.ofSeconds(5)),
            new ReservedPrincipals(new PrincipalProperties(List.of("lifecycle-listener"))), new ObjectMapper());

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void aCommandTheFirstInstanceAnswersNeverReachesTheSecond() {
        client.apply(UserAction.OFFBOARD, new UserId("emp-1"), new Cause("left", "hr:1"));

        assertThat(first.acceptedFor("emp-1")).hasSize(1);
        assertThat(second.callsFor("emp-1")).isEmpty();
    }

    @Test
    void aCommandGoesToTheSecondInstanceWhenTheFirstRefusesTheConnection() {
        first.stop();

        CommandAccepted accepted = client.apply(UserAction.SUSPEND, new UserId("emp-2"), new Cause("leave", "hr:2"));

        assertThat(accepted.userId()).isEqualTo("emp-2");
        assertThat(second.acceptedFor("emp-2")).hasSize(1);
    }

    @Test
    void aCommandGoesToTheSecondInstanceOnceWhenTheFirstAnswers503() {
        first.answer(503);

        client.apply(UserAction.OFFBOARD, new UserId("emp-3"), new Cause("left", "hr:3"));

        assertThat(first.callsFor("emp-3")).hasSize(1);
        assertThat(second.acceptedFor("emp-3")).hasSize(1);
    }

    @Test
    void aRefusalByTheFirstInstanceIsTheAnswerAndIsNotSentAgainElsewhere() {
        first.refuse("emp-4", 400);

        assertThatThrownBy(() -> client.apply(UserAction.OFFBOARD, new UserId("emp-4"), new Cause("left", "hr:4")))
                .isInstanceOf(CommandRefused.class);
        assertThat(second.callsFor("emp-4")).isEmpty();
    }

    @Test
    void whenNoInstanceTakesTheCommandItIsUnavailableAfterOneTryEach() {
        first.answer(503);
        second.stop();

        assertThatThrownBy(() -> client.apply(UserAction.OFFBOARD, new UserId("emp-5"), new Cause("left", "hr:5")))
                .isInstanceOf(CommandUnavailable.class);
        assertThat(first.callsFor("emp-5")).hasSize(1);
    }
}
