package io.baremetallb.announcer.l2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SocketFilterTest {
  @Test
  void encodesStructSockFilterInHostOrder() {
    byte[] b = SocketFilter.encode(SocketFilter.ARP_AND_NEIGHBOR_SOLICITATION);
    assertEquals(11 * 8, b.length);
    ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    // instruction 3: jeq #0x806 jt 5 jf 0 (the form `tcpdump -d` prints)
    in.position(3 * 8);
    assertEquals(0x15, in.getShort());
    assertEquals(5, in.get());
    assertEquals(0, in.get());
    assertEquals(0x0806, in.getInt());
  }

  @Test
  void everyJumpLandsOnAReturn() {
    var program = SocketFilter.ARP_AND_NEIGHBOR_SOLICITATION;
    for (int pc = 0; pc < program.size(); pc++) {
      SocketFilter.Instruction i = program.get(pc);
      if (i.code() == 0x15) {
        for (int target : new int[] {pc + 1 + i.jt(), pc + 1 + i.jf()}) {
          SocketFilter.Instruction t = program.get(target);
          assertTrue(t.code() == 0x06 || target == pc + 1, "jump from " + pc + " to " + target);
        }
      }
    }
    assertArrayEquals(new int[] {0xffff, 0}, new int[] {program.get(9).k(), program.get(10).k()});
  }

  @Test
  void htonsSwapsOnLittleEndianHosts() {
    int expected = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0x0300 : 0x0003;
    assertEquals(expected, LinuxNative.htons(LinuxNative.ETH_P_ALL));
  }
}
