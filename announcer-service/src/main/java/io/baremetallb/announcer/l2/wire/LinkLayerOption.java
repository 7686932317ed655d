package io.baremetallb.announcer.l2.wire;

import io.baremetallb.announcer.l2.wire.FrameDecodeException.Problem;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The source/target link-layer address options of RFC 4861 §4.6.1, for Ethernet.
 *
 * <pre>
 * 1 byte : type (1 = source, 2 = target link-layer address)
 * 1 byte : length in units of 8 bytes, type and length included (1 for Ethernet)
 * 6 bytes: MAC address
 * </pre>
 */
final class LinkLayerOption {
  static final int SOURCE = 1;
  static final int TARGET = 2;
  static final int LENGTH = 8;

  private LinkLayerOption() {
  }

  static int length(Optional<MacAddress> mac) {
    return mac.isPresent() ? LENGTH : 0;
  }

  static void write(ByteBuffer out, int type, Optional<MacAddress> mac) {
    if (mac.isPresent()) {
      out.put((byte) type);
      out.put((byte) 1);
      mac.get().write(out);
    }
  }

  /**
   * Walks every option in {@code in} (to its end) and returns the first of {@code type}. Other
   * options are skipped, as §4.6 asks for unknown ones.
   */
  static Optional<MacAddress> find(ByteBuffer in, int type) {
    Optional<MacAddress> found = Optional.empty();
    while (in.hasRemaining()) {
      FrameDecodeException.require(in, 2, "NDP option header");
      int t = in.get() & 0xff;
      int units = in.get() & 0xff;
      if (units == 0) {
        // §4.6: "Nodes MUST silently discard an ND packet that contains an option with length zero."
        throw new FrameDecodeException(Problem.MALFORMED, "NDP option " + t + " with length zero");
      }
      FrameDecodeException.require(in, units * 8 - 2, "NDP option " + t);
      ByteBuffer body = in.slice(in.position(), units * 8 - 2);
      in.position(in.position() + units * 8 - 2);
      if (t == type && found.isEmpty() && units == 1) {
        found = Optional.of(MacAddress.read(body));
      }
    }
    return found;
  }
}
