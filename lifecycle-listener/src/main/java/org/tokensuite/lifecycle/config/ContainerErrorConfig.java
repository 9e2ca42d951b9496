package org.tokensuite.lifecycle.config;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.tokensuite.lifecycle.web.ContainerErrorReportValve;
import org.tokensuite.lifecycle.web.ErrorResponses;

/**
 * Puts {@link ContainerErrorReportValve} in place of Tomcat's HTML error page on the host, where
 * Tomcat reports requests it refuses before any application sees them. Not expressible in YAML.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrorConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorReports(ErrorResponses errors) {
        return new JsonErrorReports(errors);
    }

    /**
     * Runs last, so the ErrorReportValve that Spring Boot's own customizer adds to the host is
     * already there to be removed.
     */
    private record JsonErrorReports(ErrorResponses errors)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                ContainerErrorReportValve valve = new ContainerErrorReportValve(errors);
                host.getPipeline().addValve(valve);
                if (host instanceof StandardHost standardHost) {
                    // the host adds its default HTML valve on start unless one of this class is present
                    standardHost.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
