package io.baremetallb.announcer.membership;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES key of the membership traffic, derived from the {@code memberlist} Secret's
 * {@code secretkey} (BMLB_MEMBERLIST_SECRET_KEY). The user's document creates it as the base64 text
 * of 128 random bytes ({@code openssl rand -base64 128}); we hash the text, not its decoding, so any
 * secret text works, and whitespace (openssl's line breaks, a trailing newline) does not count.
 */
public final class MemberlistKey {
  private MemberlistKey() {
  }

  /** AES-256 key = SHA-256 of the secret text without whitespace. */
  public static SecretKey derive(String secretText) {
    String compact = secretText == null ? "" : secretText.replaceAll("\\s+", "");
    if (compact.isEmpty()) {
      throw new IllegalArgumentException("BMLB_MEMBERLIST_SECRET_KEY is empty: set it from key secretkey of the "
          + "Secret memberlist (the membership traffic must be encrypted)");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(compact.getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(digest, "AES");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
