package io.baremetallb.announcer.l2;

import io.baremetallb.announcer.l2.wire.EthernetFrame;
import java.net.InetAddress;
import java.util.Objects;

/** What a responder decided about one received frame: answer it, or drop it and say why. */
public sealed interface Verdict permits Verdict.Answer, Verdict.Drop {
  /** A request for {@code address}, which we own, and the frame that answers it. */
  record Answer(InetAddress address, EthernetFrame reply) implements Verdict {
    public Answer {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(reply, "reply");
    }
  }

  record Drop(DropReason reason) implements Verdict {
    public Drop {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static Verdict drop(DropReason reason) {
    return new Drop(reason);
  }
}
