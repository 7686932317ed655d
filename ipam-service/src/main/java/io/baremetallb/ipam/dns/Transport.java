package io.baremetallb.ipam.dns;

/** How a query arrived; it decides how large the response may be. */
public enum Transport {
  /** At most 512 bytes, or the client's EDNS(0) payload size capped by our own (RFC 6891 §6.2.5). */
  UDP,
  /** Up to 65,535 bytes behind the two-byte length prefix (RFC 1035 §4.2.2). */
  TCP
}
