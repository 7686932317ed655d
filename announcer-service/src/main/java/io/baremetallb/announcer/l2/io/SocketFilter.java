package io.baremetallb.announcer.l2.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The classic BPF program attached to the packet socket (SO_ATTACH_FILTER), so that only the
 * frames the responders answer are copied to Java: ARP, and ICMPv6 neighbour solicitations
 * (IPv6 next header 58, ICMPv6 type 135) that the host did not send itself.
 *
 * <p>Each instruction is a {@code struct sock_filter} ({@code linux/filter.h}) in host byte
 * order: 2 bytes opcode, 1 byte jump-if-true, 1 byte jump-if-false, 4 bytes operand. Jumps count
 * instructions after the next one.
 */
final class SocketFilter {
  /** One {@code struct sock_filter}. */
  record Instruction(int code, int jt, int jf, int k) {
  }

  static final int INSTRUCTION_LENGTH = 8;
  private static final int LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
  private static final int LD_H_ABS = 0x28; // BPF_LD | BPF_H | BPF_ABS
  private static final int LD_B_ABS = 0x30; // BPF_LD | BPF_B | BPF_ABS
  private static final int JEQ_K = 0x15;    // BPF_JMP | BPF_JEQ | BPF_K
  private static final int RET_K = 0x06;    // BPF_RET | BPF_K
  /** SKF_AD_OFF + SKF_AD_PKTTYPE: the skb's packet type, an ancillary load. */
  private static final int AD_PKTTYPE = 0xfffff000 + 4;
  /** PACKET_OUTGOING (linux/if_packet.h): a frame this host sends, looped to ETH_P_ALL taps. */
  private static final int PACKET_OUTGOING = 4;
  private static final int ACCEPT_ALL = 0xffff;

  /** ARP, or IPv6 + ICMPv6 + NS; never frames going out. Offsets assume an untagged frame. */
  static final List<Instruction> ARP_AND_NEIGHBOR_SOLICITATION = List.of(
      new Instruction(LD_W_ABS, 0, 0, AD_PKTTYPE),    // 0: A = pkttype
      new Instruction(JEQ_K, 8, 0, PACKET_OUTGOING),  // 1: outgoing? -> 10 drop
      new Instruction(LD_H_ABS, 0, 0, 12),            // 2: A = EtherType
      new Instruction(JEQ_K, 5, 0, 0x0806),           // 3: ARP? -> 9 accept
      new Instruction(JEQ_K, 0, 5, 0x86dd),           // 4: not IPv6? -> 10 drop
      new Instruction(LD_B_ABS, 0, 0, 14 + 6),        // 5: A = IPv6 next header
      new Instruction(JEQ_K, 0, 3, 58),               // 6: not ICMPv6? -> 10 drop
      new Instruction(LD_B_ABS, 0, 0, 14 + 40),       // 7: A = ICMPv6 type
      new Instruction(JEQ_K, 0, 1, 135),              // 8: not NS? -> 10 drop
      new Instruction(RET_K, 0, 0, ACCEPT_ALL),       // 9: accept the whole frame
      new Instruction(RET_K, 0, 0, 0));               // 10: drop

  private SocketFilter() {
  }

  /** The instructions as the kernel reads them: an array of {@code struct sock_filter}. */
  static byte[] encode(List<Instruction> program) {
    ByteBuffer out = ByteBuffer.allocate(program.size() * INSTRUCTION_LENGTH)
        .order(ByteOrder.nativeOrder());
    for (Instruction i : program) {
      out.putShort((short) i.code());
      out.put((byte) i.jt());
      out.put((byte) i.jf());
      out.putInt(i.k());
    }
    return out.array();
  }
}
