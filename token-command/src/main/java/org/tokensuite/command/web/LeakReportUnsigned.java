package org.tokensuite.command.web;

/** A leak report without a valid signature from a configured key: 401, nothing done. */
class LeakReportUnsigned extends RuntimeException {

    LeakReportUnsigned() {
        super("the report is not signed by a configured key (headers Github-Public-Key-Identifier and "
                + "Github-Public-Key-Signature)", null, false, false);
    }
}
