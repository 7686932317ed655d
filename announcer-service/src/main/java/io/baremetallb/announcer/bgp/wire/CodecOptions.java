package io.baremetallb.announcer.bgp.wire;

/**
 * What the session negotiated that changes the wire format: whether both sides announced the
 * 4-octet AS capability (RFC 6793 §4), which makes AS_PATH and AGGREGATOR carry 4-octet ASNs.
 */
public record CodecOptions(boolean fourOctetAs) {
  public static final CodecOptions FOUR_OCTET_AS = new CodecOptions(true);
  public static final CodecOptions TWO_OCTET_AS = new CodecOptions(false);

  int asSize() {
    return fourOctetAs ? 4 : 2;
  }
}
