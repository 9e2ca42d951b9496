package org.tokensuite.audit.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.settings.CheckpointProperties;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code every}, signs the head when it moved since the newest checkpoint, so a quiet
 * period never leaves a long unsigned tail. Reads only committed entries; a checkpoint the
 * writer stores at the same seq meanwhile wins (ON CONFLICT DO NOTHING).
 */
@Component
public class PeriodicCheckpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCheckpoints.class);

    private final CheckpointSigner signer;
    private final Checkpoints checkpoints;
    private final Duration every;
    private ScheduledExecutorService timer;

    public PeriodicCheckpoints(CheckpointSigner signer, Checkpoints checkpoints, CheckpointProperties properties) {
        this.signer = signer;
        this.checkpoints = checkpoints;
        this.every = properties.every();
    }

    void signHeadIfMoved() {
        try {
            ChainHead head = checkpoints.head();
            if (head.seq() > checkpoints.latestSeq()) {
                signer.signAndStore(head.seq(), head.hash());
            }
        } catch (RuntimeException e) {
            log.warn("could not sign the audit chain head now; trying again in {}: {}", every, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::signHeadIfMoved, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
