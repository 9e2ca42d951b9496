package org.tokensuite.command.leak;

import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a leak report's signature as secret-scanning partners sign them: ECDSA P-256 with SHA-256 over the raw
 * body, DER-encoded and base64 in one header, the key's id in another.
 */
@Component
public class LeakReportSignature {

    /** The headers GitHub's secret scanning partner programme sends. */
    public static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
    public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

    private final LeakReportKeys keys;

    public LeakReportSignature(LeakReportKeys keys) {
        this.keys = keys;
    }

    /** Whether {@code body} was signed by the key named {@code keyId}; false for anything missing or malformed. */
    public boolean verifies(String keyId, String signature, byte[] body) {
        if (keyId == null || signature == null || body == null || keyId.length() > 512 || signature.length() > 1024) {
            return false;
        }
        Optional<PublicKey> key = keys.key(keyId);
        if (key.isEmpty()) {
            return false;
        }
        try {
            Signature check = Signature.getInstance("SHA256withECDSA");
            check.initVerify(key.get());
            check.update(body);
            return check.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
