package org.tokensuite.query.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.support.Events.TestEvent;

/** What unit tests of usage and anomaly detection start from: a token as the index holds it, and the settings. */
public final class TokenRecords {

    private TokenRecords() {
    }

    /** The token an issue event creates, as the index holds it. */
    public static TokenRecord record(TestEvent issued) {
        TokenIndex index = new TokenIndex();
        index.apply(issued.change(), 0L);
        return index.token(issued.aggregateId());
    }

    /** {@code tokens.*} as application.yml's defaults, with the given {@code name, value} pairs overriding them. */
    public static TokensProperties properties(String... settings) {
        MockEnvironment environment = new MockEnvironment();
        for (int i = 0; i < settings.length; i += 2) {
            environment.setProperty(settings[i], settings[i + 1]);
        }
        return Binder.get(environment).bindOrCreate("tokens", TokensProperties.class);
    }
}
