package org.tokensuite.infra;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What the launcher tells its user: short lines on standard output. */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Console() {
    }

    static void info(String format, Object... args) {
        System.out.println(LocalTime.now().format(TIME) + " [suite] " + String.format(format, args));
        System.out.flush();
    }
}
