package io.baremetallb.announcer.bgp.wire;

import java.util.List;

/**
 * A message that was accepted, possibly after RFC 7606 error handling. Errors that need a session
 * reset are {@link BgpDecodeException}s instead.
 */
public sealed interface DecodeResult {
  /** The message to act on: for treat-as-withdraw, an UPDATE that withdraws every route of the original. */
  BgpMessage message();

  List<AttributeProblem> problems();

  record Accepted(BgpMessage message) implements DecodeResult {
    public List<AttributeProblem> problems() {
      return List.of();
    }
  }

  /** Some attributes were dropped (RFC 7606 "attribute discard"); the routes stand. */
  record AttributesDiscarded(Update message, List<AttributeProblem> problems) implements DecodeResult {
    public AttributesDiscarded {
      problems = List.copyOf(problems);
    }
  }

  /** RFC 7606 "treat-as-withdraw": {@code message} withdraws every prefix the received UPDATE carried. */
  record TreatAsWithdraw(Update message, List<AttributeProblem> problems) implements DecodeResult {
    public TreatAsWithdraw {
      problems = List.copyOf(problems);
    }
  }
}
