package org.tokensuite.query.verification;

import org.springframework.stereotype.Component;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.query.index.SecretEntry;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.index.TokenRecord;

import java.util.function.Supplier;

/**
 * Decides whether a presented token is active now, from the in-memory index only: no database
 * round trip, and a malformed token or bad checksum never even reaches the index.
 */
@Component
public class TokenVerifier {

    private final TokenIndex index;

    public TokenVerifier(TokenIndex index) {
        this.index = index;
    }

    /**
     * @param nowSeconds    the current time in epoch seconds
     * @param clientAddress the address the token is presented from; asked only if the token restricts addresses
     */
    public Verification verify(String token, long nowSeconds, Supplier<String> clientAddress) {
        if (!TokenSecrets.isWellFormed(token)) {
            return Verification.MALFORMED;
        }
        SecretEntry secret = index.find(token);
        if (secret == null) {
            return Verification.UNKNOWN;
        }
        TokenRecord record = secret.token();
        return new Verification(judge(secret, record, nowSeconds, clientAddress), record, secret.isSuperseded());
    }

    private static Verdict judge(SecretEntry secret, TokenRecord record, long now, Supplier<String> clientAddress) {
        TokenState state = record.state();
        if (state == TokenState.REVOKED) {
            return Verdict.REVOKED;
        }
        if (state == TokenState.EXPIRED || now >= record.expiresAt()) {
            return Verdict.EXPIRED; // by the clock too, before any TokenExpired event arrives
        }
        if (state == TokenState.SUSPENDED) {
            return Verdict.SUSPENDED;
        }
        if (record.owner().isOffboarded()) {
            return Verdict.OWNER_OFFBOARDED;
        }
        if (record.owner().isOnLeave()) {
            return Verdict.OWNER_ON_LEAVE;
        }
        if (now < record.notBefore()) {
            return Verdict.NOT_YET_VALID;
        }
        if (now >= secret.validUntil()) {
            return Verdict.ROTATED_OUT;
        }
        Cidr[] cidrs = record.allowedCidrs();
        if (cidrs != null && !allowed(cidrs, clientAddress.get())) {
            return Verdict.ADDRESS_NOT_ALLOWED;
        }
        return Verdict.ACTIVE;
    }

    private static boolean allowed(Cidr[] cidrs, String address) {
        if (address == null) {
            return false;
        }
        for (Cidr cidr : cidrs) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
