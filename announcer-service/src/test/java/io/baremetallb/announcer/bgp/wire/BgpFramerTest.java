package io.baremetallb.announcer.bgp.wire;

import static io.baremetallb.announcer.l2.wire.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BgpFramerTest {
  static byte[] frameBytes(ByteBuffer frame) {
    byte[] b = new byte[frame.remaining()];
    frame.get(b);
    return b;
  }

  @Test
  void messagesArrivingOneByteAtATimeComeOutWhole() {
    byte[] stream = concat(Vectors.OPEN, Vectors.KEEPALIVE, Vectors.UPDATE_V6);
    ByteBuffer buf = ByteBuffer.allocate(8192);
    List<byte[]> frames = new ArrayList<>();
    for (byte b : stream) {
      buf.put(b).flip();
      Optional<ByteBuffer> frame;
      while ((frame = BgpFramer.next(buf)).isPresent()) {
        frames.add(frameBytes(frame.get()));
      }
      buf.compact();
    }
    assertEquals(3, frames.size());
    assertArrayEquals(Vectors.OPEN, frames.get(0));
    assertArrayEquals(Vectors.KEEPALIVE, frames.get(1));
    assertArrayEquals(Vectors.UPDATE_V6, frames.get(2));
  }

  @Test
  void lessThanAHeaderIsNotYetAMessage() {
    ByteBuffer buf = ByteBuffer.wrap(Vectors.KEEPALIVE, 0, 18);
    assertEquals(Optional.empty(), BgpFramer.next(buf));
    assertEquals(0, buf.position(), "nothing consumed");
  }

  @Test
  void badMarkerIsDetectedBeforeTheBodyArrives() {
    byte[] b = Vectors.UPDATE_V4.clone();
    b[3] = 0;
    BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpFramer.next(ByteBuffer.wrap(b, 0, 19)));
    assertEquals(ErrorCode.CONNECTION_NOT_SYNCHRONIZED, e.subcode());
  }

  @Test
  void lengthAbove4096IsABadMessageLength() {
    byte[] b = Vectors.KEEPALIVE.clone();
    b[16] = 0x10;
    b[17] = 0x01; // 4097
    BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpFramer.next(ByteBuffer.wrap(b)));
    assertEquals(new Notification(1, 2, new byte[] {0x10, 0x01}), e.toNotification());
  }
}
