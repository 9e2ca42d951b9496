package org.tokensuite.audit.checkpoint;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.tokensuite.audit.store.ReadPool;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * The checkpoint and key tables. Writes (and what the signing and publishing threads read) go
 * through the main pool; what HTTP readers ask goes through the read pool, as every read does.
 */
@Repository
public class Checkpoints {

    static final String COLUMNS = "SELECT seq, hash, signed_at, key_id, signature FROM audit_checkpoint";

    static final RowMapper<Checkpoint> ROW = (rs, i) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash"),
            rs.getObject("signed_at", OffsetDateTime.class).toInstant(), rs.getString("key_id"),
            Base64.getEncoder().encodeToString(rs.getBytes("signature")));

    /** The newest checkpoint as seen through the given connection's transaction, or null when there is none. */
    public static Checkpoint latest(JdbcTemplate jdbc) {
        return jdbc.query(COLUMNS + " ORDER BY seq DESC LIMIT 1", ROW).stream().findFirst().orElse(null);
    }

    private static final RowMapper<CheckpointKey> KEY = (rs, i) -> new CheckpointKey(rs.getString("key_id"),
            rs.getBytes("public_key"), rs.getObject("activated_at", OffsetDateTime.class).toInstant(),
            rs.getLong("first_seq"));

    private final JdbcTemplate jdbc;
    private final ReadPool readers;

    public Checkpoints(JdbcTemplate jdbc, ReadPool readers) {
        this.jdbc = jdbc;
        this.readers = readers;
    }

    public ChainHead head() {
        List<ChainHead> heads = jdbc.query("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")));
        return heads.isEmpty() ? new ChainHead(0, null) : heads.get(0);
    }

    public long latestSeq() {
        Long latest = jdbc.queryForObject("SELECT max(seq) FROM audit_checkpoint", Long.class);
        return latest == null ? 0 : latest;
    }

    /** Stores a checkpoint; one at the same seq already stored (signed by the other trigger) wins. */
    public void insert(Checkpoint checkpoint) {
        jdbc.update("INSERT INTO audit_checkpoint (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (seq) DO NOTHING",
                checkpoint.seq(), checkpoint.hash(), OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC),
                checkpoint.keyId(), Base64.getDecoder().decode(checkpoint.signature()));
    }

    public void insertKey(SigningKey key, Instant activatedAt, long firstSeq) {
        jdbc.update("INSERT INTO audit_checkpoint_key (key_id, public_key, activated_at, first_seq) VALUES (?, ?, ?, ?)",
                key.keyId(), key.publicKey(), OffsetDateTime.ofInstant(activatedAt, ZoneOffset.UTC), firstSeq);
    }

    /** Keys in the order they were activated (main pool: for start-up). */
    public List<CheckpointKey> keys() {
        return jdbc.query("SELECT * FROM audit_checkpoint_key ORDER BY first_seq", KEY);
    }

    /** Keys in the order they were activated (read pool: for HTTP readers). */
    public List<CheckpointKey> keysForReaders() {
        return readers.jdbc().query("SELECT * FROM audit_checkpoint_key ORDER BY first_seq", KEY);
    }

    public List<Checkpoint> page(long fromSeq, int limit) {
        return readers.jdbc().query(COLUMNS + " WHERE seq >= ? ORDER BY seq LIMIT ?", ROW, fromSeq, limit);
    }

    public List<Checkpoint> unpublished(int limit) {
        return jdbc.query(COLUMNS + " WHERE seq > (SELECT through_seq FROM audit_checkpoint_published WHERE id = 1)"
                + " ORDER BY seq LIMIT ?", ROW, limit);
    }

    public void publishedThrough(long seq) {
        jdbc.update("UPDATE audit_checkpoint_published SET through_seq = ? WHERE id = 1 AND through_seq < ?", seq, seq);
    }
}
