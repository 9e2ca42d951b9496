package org.tokensuite.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; asked once per JVM, and never when the environment already gives addresses. */
final class TestDocker {

    private static Boolean available;

    private TestDocker() {
    }

    static synchronized boolean available() {
        if (available == null) {
            if ("false".equalsIgnoreCase(System.getenv("TEST_USE_DOCKER"))) {
                available = false;
            } else {
                try {
                    available = DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    available = false;
                }
            }
        }
        return available;
    }
}
