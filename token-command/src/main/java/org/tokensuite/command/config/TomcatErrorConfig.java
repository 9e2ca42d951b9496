package org.tokensuite.command.config;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.command.web.ProblemReportValve;

/**
 * Requests Tomcat refuses itself get problem+json instead of its HTML page: the host's error
 * report valve (Tomcat's default, or the one Boot adds) is swapped for {@link ProblemReportValve}.
 * Wiring only YAML cannot express.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorConfig {

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        // Unordered, so it runs after Boot's customizer that adds its own ErrorReportValve.
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                // Tells the host its error valve is present, so it does not add Tomcat's default on start.
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
            host.getPipeline().addValve(new ProblemReportValve());
        });
    }
}
