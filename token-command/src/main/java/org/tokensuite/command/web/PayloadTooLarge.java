package org.tokensuite.command.web;

import java.io.IOException;

/** The request body exceeds the limit: 413. An IOException so it surfaces from the body stream. */
public class PayloadTooLarge extends IOException {

    public PayloadTooLarge(long limit) {
        super("the request body exceeds " + limit + " bytes");
    }
}
