package org.tokensuite.platform.problem.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * A servlet service's errors, all in the one vocabulary: {@link ErrorDocuments} (problem+json, or a
 * format the service declares for its own paths), {@link MvcProblemAdvice} unless the service extends
 * it with its own, and on Tomcat {@link ProblemReportValve} for the requests refused before Spring.
 * Runs before Spring MVC's own configuration, so its problem-details handler never takes the place.
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet", "com.fasterxml.jackson.databind.ObjectMapper"})
public class ServletProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ErrorDocuments errorDocuments(ObjectProvider<ErrorFormat> formats, ObjectProvider<ObjectMapper> json) {
        // The application's mapper writes ProblemDetail as RFC 9457 says (Spring's mixin); so does the fallback.
        return new ErrorDocuments(formats.orderedStream().toList(),
                json.getIfAvailable(() -> Jackson2ObjectMapperBuilder.json().build()));
    }

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    public MvcProblemAdvice mvcProblemAdvice(ErrorDocuments documents) {
        return new MvcProblemAdvice(documents);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat",
            "org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory"})
    static class TomcatErrorReports {

        @Bean
        ProblemReportValveInstaller problemReportValveInstaller(ErrorDocuments documents) {
            return new ProblemReportValveInstaller(documents);
        }
    }
}
