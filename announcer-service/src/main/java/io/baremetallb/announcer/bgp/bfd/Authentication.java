package io.baremetallb.announcer.bgp.bfd;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The optional authentication section of a control packet (RFC 5880 §4.2–§4.4). We parse it so
 * that a session can tell "authenticated, and we use none" (§6.8.6: discard) from a malformed
 * packet; BFDProfile configures no keys, so we never check a digest or send one.
 *
 * @param type Auth Type
 * @param keyId Auth Key ID
 * @param sequence Sequence Number (keyed MD5/SHA1 only, else 0), unsigned 32 bits
 * @param value the password (1..16 bytes), the MD5 digest (16) or the SHA1 hash (20)
 */
public record Authentication(AuthType type, int keyId, long sequence, byte[] value) {

  /** Auth Type values (RFC 5880 §4.1); 0 and 6..255 are reserved. */
  public enum AuthType {
    SIMPLE_PASSWORD(1),
    KEYED_MD5(2),
    METICULOUS_KEYED_MD5(3),
    KEYED_SHA1(4),
    METICULOUS_KEYED_SHA1(5);

    private final int code;

    AuthType(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The section length (Auth Len) this type fixes, or -1 for a password (3 + its length). */
    int fixedLength() {
      return switch (this) {
        case SIMPLE_PASSWORD -> -1;
        case KEYED_MD5, METICULOUS_KEYED_MD5 -> 24;
        case KEYED_SHA1, METICULOUS_KEYED_SHA1 -> 28;
      };
    }

    static AuthType valueOf(int code) {
      for (AuthType t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new BfdDecodeException("Auth Type", "reserved value " + code + " (RFC 5880 §4.1 defines 1..5)");
    }
  }

  public Authentication {
    value = value.clone();
    if (type == AuthType.SIMPLE_PASSWORD ? value.length < 1 || value.length > 16
        : value.length != type.fixedLength() - 8) {
      throw new IllegalArgumentException(type + " carries " + value.length + " bytes of key material");
    }
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** Auth Len: the section's length in bytes, including Auth Type and Auth Len. */
  public int length() {
    return type == AuthType.SIMPLE_PASSWORD ? 3 + value.length : type.fixedLength();
  }

  /*
   * Simple password (§4.2.1):    | Auth Type | Auth Len | Key ID | Password (1..16) |
   * Keyed MD5 / SHA1 (§4.3/4.4): | Auth Type | Auth Len | Key ID | Reserved (0) |
   *                              | Sequence Number (4)  | Digest (16) or Hash (20) |
   */
  void encode(ByteBuffer out) {
    out.put((byte) type.code).put((byte) length()).put((byte) keyId);
    if (type != AuthType.SIMPLE_PASSWORD) {
      out.put((byte) 0).putInt((int) sequence);
    }
    out.put(value);
  }

  /** Reads the section from {@code in}, which holds exactly Length − 24 bytes. */
  static Authentication decode(ByteBuffer in) {
    if (in.remaining() < 2) {
      throw new BfdDecodeException("Auth Len", "authentication section has " + in.remaining() + " bytes, needs 2");
    }
    AuthType type = AuthType.valueOf(in.get() & 0xff);
    int authLen = in.get() & 0xff;
    if (authLen != in.remaining() + 2) {
      throw new BfdDecodeException("Auth Len", authLen + " but Length leaves " + (in.remaining() + 2) + " bytes for it");
    }
    boolean password = type == AuthType.SIMPLE_PASSWORD;
    if (password ? authLen < 4 || authLen > 19 : authLen != type.fixedLength()) {
      throw new BfdDecodeException("Auth Len", authLen + " is wrong for " + type
          + (password ? " (4..19)" : " (" + type.fixedLength() + ")"));
    }
    int keyId = in.get() & 0xff;
    long sequence = 0;
    if (!password) {
      in.get(); // Reserved: "MUST be set to zero on transmit, and ignored on receipt"
      sequence = in.getInt() & 0xffffffffL;
    }
    byte[] value = new byte[in.remaining()];
    in.get(value);
    return new Authentication(type, keyId, sequence, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Authentication a && a.type == type && a.keyId == keyId && a.sequence == sequence
        && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + keyId) * 31 + Long.hashCode(sequence) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    // the password stays out of logs
    return "Authentication[" + type + " key " + keyId + " seq " + sequence + " "
        + (type == AuthType.SIMPLE_PASSWORD ? value.length + " bytes" : HexFormat.of().formatHex(value)) + "]";
  }
}
