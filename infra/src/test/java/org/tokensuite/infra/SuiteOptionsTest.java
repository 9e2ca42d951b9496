package org.tokensuite.infra;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteOptionsTest {

    private final Path root = Path.of("/tmp/suite-root");

    @Test
    void aSecondTokenCommandRunsOnlyWhenAskedForOnItsOwnPortWithTheSameDatabaseAndPrincipal() {
        SuiteOptions one = SuiteOptions.local(root);
        SuiteOptions two = SuiteOptions.local(root).commandInstances(2);

        assertThat(one.services()).doesNotContain(Service.TOKEN_COMMAND_2);
        assertThat(two.services()).contains(Service.TOKEN_COMMAND, Service.TOKEN_COMMAND_2);
        assertThat(two.port(Service.TOKEN_COMMAND_2)).isEqualTo(8086);
        assertThat(two.databaseName(Service.TOKEN_COMMAND_2)).isEqualTo(two.databaseName(Service.TOKEN_COMMAND));
        assertThat(two.execJar(Service.TOKEN_COMMAND_2)).isEqualTo(two.execJar(Service.TOKEN_COMMAND));
        assertThat(KafkaPrincipal.of(Service.TOKEN_COMMAND_2)).isEqualTo(KafkaPrincipal.TOKEN_COMMAND);
        assertThat(Service.TOKEN_COMMAND_2.isTokenCommand()).isTrue();
        assertThat(Service.TOKEN_COMMAND_2.isTokenQuery()).isFalse();
    }

    @Test
    void onlyOneOrTwoCommandInstancesAreOffered() {
        assertThatThrownBy(() -> SuiteOptions.local(root).commandInstances(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuiteOptions.local(root).commandInstances(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenQueryStartsWithItsWholeHeapWhateverTheMaximumGiven() {
        SuiteOptions options = SuiteOptions.local(root).serviceJvmOptions(List.of("-Xms64m", "-Xmx300m", "-Dx=y"));

        assertThat(options.serviceJvmOptions(Service.TOKEN_QUERY)).contains("-Xms300m", "-Xmx300m", "-Dx=y")
                .doesNotContain("-Xms64m");
        assertThat(options.serviceJvmOptions(Service.TOKEN_QUERY_2)).contains("-Xms300m").doesNotContain("-Xms64m");
        assertThat(options.serviceJvmOptions(Service.AUDIT_PROJECTOR)).containsExactly("-Xms64m", "-Xmx300m", "-Dx=y");
        assertThat(SuiteOptions.local(root).serviceJvmOptions(List.of("-Dx=y")).serviceJvmOptions(Service.TOKEN_QUERY))
                .containsExactly("-Dx=y");
    }
}
