package io.baremetallb.ipam.dns;

/** Why a packet got no response at all. Everything else is answered, if only with an error code. */
public enum DropReason {
  /** Shorter than the 12-byte header: there is no ID to echo. */
  TOO_SHORT,
  /** The QR bit is set: it is a response. Answering it could start a loop between two servers. */
  RESPONSE_RECEIVED,
  /** The source sent more UDP queries than its token bucket allows (no amplification). */
  RATE_LIMITED
}
