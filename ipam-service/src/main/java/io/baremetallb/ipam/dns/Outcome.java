package io.baremetallb.ipam.dns;

/** What the answerer decided for one packet. */
public sealed interface Outcome {

  /**
   * Send {@code wire} back.
   *
   * @param wire the response, already sized for the transport
   * @param qtype the question's type, or -1 when the query had no readable question
   * @param rcode the response code, extended codes included (BADVERS is 16)
   * @param truncated whether TC is set because the answer did not fit over UDP
   */
  record Reply(byte[] wire, int qtype, int rcode, boolean truncated) implements Outcome {
  }

  /** Send nothing. */
  record Drop(DropReason reason) implements Outcome {
  }
}
