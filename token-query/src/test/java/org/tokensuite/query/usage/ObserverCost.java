package org.tokensuite.query.usage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.signal.AnomalyDetector;
import org.tokensuite.query.signal.DetectionQueue;
import org.tokensuite.query.signal.DormantReuseRule;
import org.tokensuite.query.signal.NewNetworkRule;
import org.tokensuite.query.support.Events;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;

import java.time.Clock;
import java.util.List;

/**
 * Not a test: the request-thread cost of usage recording next to the cost of verification itself
 * (no HTTP), single thread, 1000 tokens, a changing source address every 4th call. Run with the
 * test class path (see README "Measuring introspection locally").
 */
public final class ObserverCost {

    private ObserverCost() {
    }

    public static void main(String[] args) {
        TokensProperties properties = Binder.get(new MockEnvironment())
                .bindOrCreate("tokens", TokensProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // A detection queue that is never started: offered uses queue up to capacity, then are dropped (as when it lags).
        AnomalyDetector detector = new AnomalyDetector(List.of(new DormantReuseRule(null, properties),
                new NewNetworkRule(null, properties)));
        DetectionQueue detection = new DetectionQueue(detector, null, properties, meters);
        UsageRecorder recorder = new UsageRecorder(new UsageWindow(properties), detection, Clock.systemUTC(), properties,
                meters);
        TokenIndex index = new TokenIndex();
        TokenVerifier verifier = new TokenVerifier(index);
        int n = 1000;
        String[] secrets = new String[n];
        for (int i = 0; i < n; i++) {
            secrets[i] = Events.newSecret();
            index.apply(Events.issued(Events.newTokenId(), "owner-" + (i % 50), secrets[i], "billing:read").change(), null);
        }
        String[] sources = {"10.20.0.7", "10.20.1.7", "10.20.2.7", "10.20.3.7"};
        long now = System.currentTimeMillis() / 1000;
        Verification[] verified = new Verification[n];
        for (int i = 0; i < n; i++) {
            verified[i] = verifier.verify(secrets[i], now, () -> "10.20.0.7");
        }
        for (int round = 0; round < 5; round++) {
            int calls = 2_000_000;
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += verifier.verify(secrets[i % n], now, () -> "10.20.0.7").verdict().ordinal();
            }
            long verifyNs = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                String source = sources[(i / n) & 3];
                recorder.introspected(verified[i % n], () -> source, "billing:read");
            }
            long recordNs = System.nanoTime() - t0;
            System.out.printf("verification alone %.0f ns/call, usage recording alone %.0f ns/call (%d)%n",
                    (double) verifyNs / calls, (double) recordNs / calls, sink);
        }
    }
}
