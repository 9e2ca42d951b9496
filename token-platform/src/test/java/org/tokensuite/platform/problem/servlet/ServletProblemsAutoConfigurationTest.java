package org.tokensuite.platform.problem.servlet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

class ServletProblemsAutoConfigurationTest {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ServletProblemsAutoConfiguration.class));

    @Test
    void aServletServiceWithoutAdviceOfItsOwnGetsThePlatformsAndTheValve() {
        servlet.run(context -> {
            assertThat(context).hasSingleBean(MvcProblemAdvice.class);
            assertThat(context).hasSingleBean(ErrorDocuments.class);
            assertThat(context).hasSingleBean(ProblemReportValveInstaller.class);
        });
    }

    @Test
    void aServiceExtendingTheAdviceForItsDomainReplacesTheDefaultOne() {
        servlet.withBean(DomainAdvice.class).run(context -> {
            assertThat(context).hasSingleBean(MvcProblemAdvice.class);
            assertThat(context.getBean(MvcProblemAdvice.class)).isInstanceOf(DomainAdvice.class);
        });
    }

    @Test
    void aReactiveServiceGetsNoneOfTheServletPieces() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ServletProblemsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(MvcProblemAdvice.class);
                    assertThat(context).doesNotHaveBean(ProblemReportValveInstaller.class);
                });
    }

    @RestControllerAdvice
    static class DomainAdvice extends MvcProblemAdvice {

        DomainAdvice(ErrorDocuments documents) {
            super(documents);
        }
    }
}
