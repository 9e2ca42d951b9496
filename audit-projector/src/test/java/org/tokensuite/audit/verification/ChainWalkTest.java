package org.tokensuite.audit.verification;

import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tokensuite.audit.chain.EventPayloads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainWalkTest {

    private record Stored(ChainedEntry content, String hash) {
    }

    private static ChainedEntry content(long seq, String reason, String prevHash) {
        JsonNode payload = EventPayloads.parse("{\"tokenId\":\"t\",\"reason\":\"" + reason + "\"}");
        return new ChainedEntry(seq, "evt-" + seq, "TokenRevoked", null, "alice", "a", "alice", reason, "c-" + seq,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq), payload, prevHash);
    }

    private static List<Stored> chainOf(int n) {
        List<Stored> chain = new ArrayList<>();
        String prev = ChainHash.GENESIS;
        for (long seq = 1; seq <= n; seq++) {
            ChainedEntry c = content(seq, "r" + seq, prev);
            prev = ChainHash.of(c);
            chain.add(new Stored(c, prev));
        }
        return chain;
    }

    private static ChainVerification walk(List<Stored> chain) {
        ChainWalk walk = new ChainWalk();
        for (Stored s : chain) {
            if (!walk.accept(s.content(), s.hash())) {
                break;
            }
        }
        return walk.result();
    }

    @Test
    void intactChainVerifiesAndReportsItsHead() {
        List<Stored> chain = chainOf(3);

        ChainVerification result = walk(chain);

        assertThat(result.ok()).isTrue();
        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.head()).isEqualTo(chain.get(2).hash());
    }

    @Test
    void emptyLogVerifiesWithTheGenesisHead() {
        ChainVerification result = walk(List.of());

        assertThat(result.ok()).isTrue();
        assertThat(result.entries()).isZero();
        assertThat(result.head()).isEqualTo(ChainHash.GENESIS);
    }

    @Test
    void alteredContentIsReportedAtItsSeq() {
        List<Stored> chain = chainOf(3);
        Stored second = chain.get(1);
        chain.set(1, new Stored(content(2, "rewritten", second.content().prevHash()), second.hash()));

        ChainVerification result = walk(chain);

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(2);
        assertThat(result.entriesChecked()).isEqualTo(1);
        assertThat(result.reason()).contains("hash");
    }

    @Test
    void alteredAndRehashedEntryIsCaughtByTheNextEntrysLink() {
        List<Stored> chain = chainOf(3);
        ChainedEntry forged = content(2, "rewritten", chain.get(0).hash());
        chain.set(1, new Stored(forged, ChainHash.of(forged)));

        ChainVerification result = walk(chain);

        assertThat(result.firstBrokenSeq()).isEqualTo(3);
        assertThat(result.reason()).contains("prev_hash");
    }

    @Test
    void deletedEntryIsReportedAsAGapInSeq() {
        List<Stored> chain = chainOf(3);
        chain.remove(1);

        ChainVerification result = walk(chain);

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(2);
    }
}
