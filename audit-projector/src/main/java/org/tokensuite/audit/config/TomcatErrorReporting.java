package org.tokensuite.audit.config;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.web.ProblemErrorReportValve;

/**
 * Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error report valve on the host,
 * where requests Tomcat rejects before Spring (bad URIs, oversized headers) get their answer.
 * Runs after Spring Boot's own customizer, which adds a plain ErrorReportValve there.
 */
@Component
public class TomcatErrorReporting implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemErrorReportValve());
            // The host adds a valve of this class at start unless one is present: name ours.
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
